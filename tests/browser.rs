//! The HTML report in a real browser: headless Chromium loads the
//! repository's report at 1,400 and 360 px and saves screenshots under
//! target/tmp/browser/, which must show the Ritter reversal's connector and
//! markers of both stances.
//!
//! It needs Chromium (`chromium` on PATH, or the path in
//! CLAIMTRACK_CHROMIUM), so `cargo test` reports it as ignored; run it with
//! `cargo test --test browser -- --ignored`. `.ci/run` installs Chromium and
//! runs it so, and there a missing browser fails the test rather than
//! skipping it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::run;

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CLAIMTRACK_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// Loads `page` at `width` x `height` and saves a screenshot to `png`.
fn screenshot(browser: &Path, page: &Path, width: u32, height: u32, png: &Path, profile: &Path) {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Chromium starts");
    let started = Instant::now();
    while child.try_wait().expect("waiting for Chromium").is_none() {
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("Chromium took more than 90 s to take {}", png.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        png.is_file(),
        "Chromium wrote no screenshot {}",
        png.display()
    );
}

/// The screenshot's size and how many of its pixels are close to each colour.
fn pixels_near(png: &Path, colours: &[[u8; 3]]) -> ((u32, u32), Vec<usize>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    assert!(channels >= 3, "an RGB screenshot");
    let mut counts = vec![0; colours.len()];
    for px in buf[..info.buffer_size()].chunks_exact(channels) {
        for (count, c) in counts.iter_mut().zip(colours) {
            let close = px[..3].iter().zip(c).all(|(&a, &b)| a.abs_diff(b) <= 12);
            *count += usize::from(close);
        }
    }
    ((info.width, info.height), counts)
}

#[test]
#[ignore = "needs Chromium: cargo test --test browser -- --ignored (.ci/run does)"]
fn chromium_renders_the_ritter_reversal_at_desktop_and_phone_widths() {
    let browser = chromium().expect("Chromium is installed (apt-get install chromium)");
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&out_dir).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    // The reversals only, so that the Defenders group is on the first screen;
    // and the whole report, to see every group render.
    for (name, args) in [("reversals", &["--reversals"][..]), ("report", &[][..])] {
        let page = out_dir.join(format!("{name}.html"));
        let mut all = vec![
            "report",
            "--format",
            "html",
            "--output",
            page.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        let made = run(root, &all);
        assert_eq!(made.code, 0, "{}", made.stderr);
        for (width, height) in [(1400, 1100), (360, 1400)] {
            let png = out_dir.join(format!("{name}-{width}.png"));
            screenshot(&browser, &page, width, height, &png, profile.path());
            eprintln!("screenshot: {}", png.display());
        }
    }

    // The connector is drawn: hiding it takes away hundreds of pixels of its
    // purple (the CSS's --reversal, also used for text), while markers of
    // both stances, in supports' green and refutes' red, are on screen.
    let page = std::fs::read_to_string(out_dir.join("reversals.html")).unwrap();
    let hidden = out_dir.join("reversals-without-connector.html");
    std::fs::write(
        &hidden,
        page.replacen("</style>", ".connector { display: none; }\n</style>", 1),
    )
    .unwrap();
    let colours = [[0x5a, 0x2d, 0x91], [0x1b, 0x7a, 0x35], [0xc4, 0x27, 0x1f]];
    for (width, height) in [(1400, 1100), (360, 1400)] {
        let png = out_dir.join(format!("reversals-without-connector-{width}.png"));
        screenshot(&browser, &hidden, width, height, &png, profile.path());
        let (_, without) = pixels_near(&png, &colours);
        let (size, with) = pixels_near(&out_dir.join(format!("reversals-{width}.png")), &colours);
        assert_eq!(size, (width, height));
        eprintln!(
            "{width} px: purple, green, red pixels {with:?}; without the connector {without:?}"
        );
        assert!(
            with[0] >= without[0] + 300,
            "{width} px: the reversal connector is drawn ({} purple pixels with it, {} without)",
            with[0],
            without[0]
        );
        assert!(
            with[1] > 50 && with[2] > 50,
            "{width} px: both stances are drawn: {with:?}"
        );
    }
}
