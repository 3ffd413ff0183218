#![allow(clippy::expect_used)] // A build script fails the build by panicking.

//! Embeds the bundled posts: every `posts/*.md` becomes an entry of `BUNDLED` in
//! `$OUT_DIR/bundled.rs`, so the binary alone carries the blog.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let posts_dir = manifest.join("posts");
    println!("cargo:rerun-if-changed=posts");

    let mut files: Vec<PathBuf> = fs::read_dir(&posts_dir)
        .expect("the posts/ folder is part of the source tree")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    files.sort();

    let mut out =
        String::from("/// The bundled posts: (path shown in diagnostics, file contents).\n");
    out.push_str("pub static BUNDLED: &[(&str, &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = file
            .file_name()
            .expect("a file has a name")
            .to_string_lossy();
        writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            format!("posts/{name}"),
            file.display().to_string()
        )
        .expect("writing to a String cannot fail");
    }
    out.push_str("];\n");

    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
