//! The server's host key: what readers' SSH clients remember the server by. Created once and
//! kept; a key that changed would make every returning reader's client cry "man in the middle",
//! and a key anyone on the machine can read lets them impersonate the server.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use russh::keys::ssh_key::LineEnding;
use russh::keys::{Algorithm, PrivateKey};

/// Why the host key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum HostKeyError {
    /// The key file exists but cannot be read.
    #[error("cannot read the host key {path}: {source}")]
    Unreadable {
        /// The key file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Group or others may read or write the key file.
    #[error(
        "the host key {path} has permissions {mode:04o}: anyone who can read it can pose as this server; run `chmod 600 {path}`"
    )]
    LoosePermissions {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The file is not an OpenSSH private key folio can use.
    #[error("the host key {path} is not an unencrypted OpenSSH private key: {reason}")]
    Invalid {
        /// The key file.
        path: PathBuf,
        /// What the parser said.
        reason: String,
    },
    /// A new key could not be written.
    #[error("cannot create the host key {path}: {source}")]
    Uncreatable {
        /// The key file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

/// Loads the host key at `path`, or creates an ed25519 key there (mode 0600, its folder 0700)
/// when there is no file. Returns the key and whether it was created.
///
/// # Errors
/// When an existing file is unreadable, readable by others, or not a key; or a new key cannot
/// be written.
pub fn load_or_create(path: &Path) -> Result<(PrivateKey, bool), HostKeyError> {
    match fs::metadata(path) {
        Ok(metadata) => {
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(HostKeyError::LoosePermissions {
                    path: path.to_owned(),
                    mode,
                });
            }
            let text = fs::read(path).map_err(|source| HostKeyError::Unreadable {
                path: path.to_owned(),
                source,
            })?;
            let key = PrivateKey::from_openssh(&text).map_err(|err| HostKeyError::Invalid {
                path: path.to_owned(),
                reason: err.to_string(),
            })?;
            if key.is_encrypted() {
                return Err(HostKeyError::Invalid {
                    path: path.to_owned(),
                    reason: "it is encrypted with a passphrase".to_owned(),
                });
            }
            Ok((key, false))
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok((create(path)?, true)),
        Err(source) => Err(HostKeyError::Unreadable {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Generates an ed25519 key and writes it to `path`, never over an existing file.
fn create(path: &Path) -> Result<PrivateKey, HostKeyError> {
    let failed = |source: io::Error| HostKeyError::Uncreatable {
        path: path.to_owned(),
        source,
    };
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .map_err(|err| failed(io::Error::other(err.to_string())))?;
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|err| failed(io::Error::other(err.to_string())))?;
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(failed)?;
    }
    // create_new: two servers starting at once must not overwrite each other's key.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(failed)?;
    file.write_all(text.as_bytes()).map_err(failed)?;
    file.sync_all().map_err(failed)?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_private_and_loads_again_unchanged() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("keys").join("host_key");
        let (key, created) = load_or_create(&path).expect("created");
        assert!(created);
        let mode = fs::metadata(&path).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let (again, created) = load_or_create(&path).expect("loaded");
        assert!(!created);
        assert_eq!(key.public_key(), again.public_key());
        assert_eq!(key.algorithm(), Algorithm::Ed25519);
    }

    #[test]
    fn a_key_others_can_read_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("host_key");
        load_or_create(&path).expect("created");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        let err = load_or_create(&path).expect_err("loose");
        assert!(matches!(
            err,
            HostKeyError::LoosePermissions { mode: 0o644, .. }
        ));
        assert!(err.to_string().contains("chmod 600"));
    }

    #[test]
    fn a_file_that_is_not_a_key_is_an_error_naming_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("host_key");
        fs::write(&path, "not a key").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
        let err = load_or_create(&path).expect_err("invalid");
        assert!(err.to_string().contains("host_key"), "{err}");
    }
}
