//! `add` killed at any moment leaves the old file or the complete new one.
//!
//! The unit tests in src/write.rs simulate a crash between writing the
//! temporary file and renaming it. This test kills the real process with
//! SIGKILL at moments spread over the whole run of an `add`, on a file large
//! enough that writing it takes a while, and checks after every kill that
//! the annotation file is byte for byte the old one or the old one plus the
//! new claim, and that the next run ignores and then removes what the killed
//! one left behind.

#![cfg(unix)]

mod common;

use std::path::Path;
use std::time::Instant;

fn big_annotation() -> String {
    let mut yaml = String::from("published: 2021-03-02\nclaims:\n");
    for i in 0..2_000 {
        yaml.push_str(&format!(
            "  - id: c{i}\n    claim: The library will reopen in May\n    stance: supports\n    speaker: Ann Smith\n    quote: the library will reopen in May\n"
        ));
    }
    yaml
}

fn add_command(root: &Path, id: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimtrack"));
    cmd.arg("--root")
        .arg(root)
        .args(common::add_args("articles/a.txt", &["--id", id]));
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

#[test]
fn add_killed_at_any_point_leaves_the_old_or_the_new_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    std::fs::create_dir_all(root.join("claims")).unwrap();
    std::fs::write(root.join("articles/a.txt"), common::ARTICLE).unwrap();
    let file = root.join("claims/a.yaml");
    let old = big_annotation();
    std::fs::write(&file, &old).unwrap();

    // How long an uninterrupted add takes, to spread the kills over it.
    let started = Instant::now();
    assert!(add_command(root, "timing").status().unwrap().success());
    let full = started.elapsed();
    std::fs::write(&file, &old).unwrap();

    let rounds = 16;
    let (mut old_seen, mut new_seen) = (0, 0);
    for round in 0..rounds {
        let id = format!("killed-{round}");
        let delay = full.mul_f64(round as f64 / rounds as f64 * 1.2);
        let mut child = add_command(root, &id).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL; it may have finished already
        child.wait().unwrap();
        let now = std::fs::read_to_string(&file).expect("the annotation file is always there");
        if now == old {
            old_seen += 1;
        } else {
            // The complete new file: the old one with one claim inserted at the end.
            assert!(
                now.starts_with(&old),
                "round {round}: the old content was damaged"
            );
            let added = &now[old.len()..];
            assert!(
                added.contains(&format!("id: {id}")),
                "round {round}: {added:?}"
            );
            assert!(
                added.contains("quote: We are ready\n") && added.ends_with("\"}\n"),
                "round {round}: partial insertion {added:?}"
            );
            new_seen += 1;
            std::fs::write(&file, &old).unwrap();
        }
    }
    assert_eq!(old_seen + new_seen, rounds);

    // Whatever the kills left behind is ignored by check and removed by the next add.
    let out = common::run(root, &["check", "--format", "json"]);
    assert!(
        !out.stdout.contains("claimtrack-tmp"),
        "a temporary file was reported: {}",
        out.stdout
    );
    assert!(add_command(root, "after").status().unwrap().success());
    let leftovers: Vec<String> = std::fs::read_dir(root.join("claims"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("claimtrack-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
