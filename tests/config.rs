//! The configuration file, colour settings and stdout styling, through the real binary.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

mod common;

use std::process::{Command, Output};

use common::pty::Session;

fn folio(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    command
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FOLIO_CONFIG");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("folio runs")
}

fn config_file(text: &str) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), text).expect("write config");
    file
}

#[test]
fn print_default_is_the_embedded_documented_file() {
    let output = folio(&["config", "--print-default"], &[]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        folio::config::DEFAULT_CONFIG
    );
}

#[test]
fn config_path_follows_flag_then_env() {
    let file = config_file("body_width = 60\n");
    let path = file.path().to_str().expect("utf-8");
    let by_flag = folio(&["config", "--path", "--config", path], &[]);
    assert!(String::from_utf8_lossy(&by_flag.stdout).starts_with(path));
    let by_env = folio(&["config", "--path"], &[("FOLIO_CONFIG", path)]);
    assert!(String::from_utf8_lossy(&by_env.stdout).starts_with(path));
    assert!(String::from_utf8_lossy(&by_env.stdout).contains("in use"));
}

#[test]
fn settings_from_the_file_apply() {
    let file = config_file("body_width = 50\ndate_format = \"%d %b %Y\"\n");
    let path = file.path().to_str().expect("utf-8");
    let output = folio(&["read", "consistent-hashing", "--config", path], &[]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.lines().all(|l| l.chars().count() <= 50),
        "body_width applies"
    );
    assert!(
        text.contains("28 Mar 2020"),
        "date_format applies:\n{}",
        &text[..200]
    );
    // The command line wins over the file.
    let output = folio(
        &[
            "read",
            "consistent-hashing",
            "--config",
            path,
            "--body-width",
            "70",
        ],
        &[],
    );
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .any(|l| l.chars().count() > 50)
    );
}

#[test]
fn a_broken_config_names_file_line_and_column_and_falls_back_to_defaults() {
    let file = config_file("mouse = true\nsort = \"sideways\"\n");
    let path = file.path().to_str().expect("utf-8");
    let output = folio(&["list", "--config", path], &[]);
    assert!(output.status.success(), "folio still runs");
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 24);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains(&format!("{path}:2:8:")), "{err}");
    assert!(err.contains("using the default settings"), "{err}");
    let config = folio(&["config", "--config", path], &[]);
    assert_eq!(config.status.code(), Some(1));
}

#[test]
fn the_tui_says_so_in_its_status_line_and_problem_list() {
    let file = config_file("[keys.list]\nbookmark = [\"j\"]\n");
    let path = file.path().to_str().expect("utf-8");
    let mut session = Session::spawn(&["--config", path], 120, 40);
    session.wait_for("default settings");
    session.send("!");
    session.wait_for("bound to both");
    session.send("q");
    session.send("q");
    assert_eq!(session.wait_exit(), 0);
}

#[test]
fn stdout_styling_follows_color_clicolor_force_and_no_color() {
    let styled = |args: &[&str], env: &[(&str, &str)]| folio(args, env).stdout.contains(&0x1b);
    assert!(
        !styled(&["read", "consistent-hashing"], &[]),
        "piped: plain"
    );
    assert!(styled(
        &["read", "consistent-hashing", "--color", "always"],
        &[]
    ));
    assert!(styled(
        &["read", "consistent-hashing"],
        &[("CLICOLOR_FORCE", "1")]
    ));
    assert!(!styled(
        &["read", "consistent-hashing", "--color", "never"],
        &[("CLICOLOR_FORCE", "1")]
    ));
    assert!(!styled(
        &["read", "consistent-hashing", "--color", "always", "--plain"],
        &[]
    ));
}

#[test]
fn no_color_means_no_colour_codes_in_the_tui() {
    let mut session = Session::spawn_with_env(&[], 100, 30, &[("NO_COLOR", "1")]);
    session.wait_for("System Calls");
    session.send("\r");
    session.wait_for("min read");
    let bytes = String::from_utf8_lossy(&session.bytes_written()).into_owned();
    for colour in ["[38;5;", "[48;5;", "[38;2;", "[48;2;", "[31m", "[34m"] {
        assert!(
            !bytes.contains(colour),
            "a colour code {colour:?} was written under NO_COLOR"
        );
    }
    assert!(
        bytes.contains("\x1b[7m") || bytes.contains(";7m"),
        "reverse video carries the emphasis"
    );
    session.send("q");
    session.send("q");
    assert_eq!(session.wait_exit(), 0);
}
