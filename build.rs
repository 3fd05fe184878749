//! Embeds the browser assets (the GraphiQL playground's scripts and the timeline app)
//! into the binary, so the playground works without the internet.
//!
//! They are built from the npm registry by `npm ci && npm run build` in
//! `web/playground` and `examples/timeline` (lock files pin every package and its
//! integrity hash). When a `dist/` folder is missing, this script runs that step
//! itself, so `cargo run --release` on a fresh clone fetches and builds them; set
//! `TENURE_SKIP_WEB_BUILD=1` to skip it. If the step cannot run (no npm, no registry),
//! the server is built without them and its playground page says so.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (Rust name, npm project, where its build writes).
const BUNDLES: &[(&str, &str)] = &[
    ("PLAYGROUND", "web/playground"),
    ("TIMELINE", "examples/timeline"),
];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-env-changed=TENURE_SKIP_WEB_BUILD");
    let mut code = String::new();
    for (name, project) in BUNDLES {
        let project = root.join(project);
        let dist = project.join("dist");
        println!("cargo:rerun-if-changed={}", dist.display());
        if !dist.exists() && project.join("package.json").exists() {
            build(&project);
        }
        let mut files = Vec::new();
        if let Ok(entries) = std::fs::read_dir(&dist) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_file() {
                    files.push(path);
                }
            }
        }
        files.sort();
        writeln!(code, "/// The files of `{}`, by name.", dist.display()).unwrap();
        writeln!(code, "pub static {name}: &[Asset] = &[").unwrap();
        for path in &files {
            let file_name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            writeln!(
                code,
                "    Asset {{ name: {file_name:?}, content_type: {:?}, bytes: include_bytes!({:?}) }},",
                content_type(path),
                path.display().to_string()
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    std::fs::write(out.join("assets.rs"), code).expect("write assets.rs");
}

fn build(project: &Path) {
    if std::env::var_os("TENURE_SKIP_WEB_BUILD").is_some() {
        return;
    }
    let run = |args: &[&str]| {
        Command::new("npm")
            .args(args)
            .current_dir(project)
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    if !(run(&["ci", "--no-audit", "--no-fund"]) && run(&["run", "build"])) {
        println!(
            "cargo:warning=could not build {} with npm; the server is built without it",
            project.display()
        );
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("txt") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}
