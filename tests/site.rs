//! `carto site`: the static website, walked link by link, opened in headless
//! Chromium (CI installs Debian's chromium), and fed hostile names.

use crate::common::{carto, root};
use std::path::{Path, PathBuf};

fn build(inv: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("site");
    let o = out.display().to_string();
    let r = carto(&["-i", inv, "site", "-o", &o]);
    assert_eq!(r.code, 0, "{}", r.all());
    (dir, out)
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(html_files(&p));
        } else if p.extension().is_some_and(|x| x == "html") {
            out.push(p);
        }
    }
    out
}

/// Every relative link and script of every page resolves to a file.
#[test]
fn every_internal_link_resolves() {
    let (_tmp, site) = build(&root("inventory"));
    let pages = html_files(&site);
    assert!(pages.len() > 300, "{} pages", pages.len());
    let mut checked = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).expect("page");
        for attr in ["href=\"", "src=\""] {
            for part in text.split(attr).skip(1) {
                let target = part.split('"').next().unwrap_or("");
                if target.starts_with("http")
                    || target.starts_with("mailto:")
                    || target.starts_with('#')
                {
                    continue;
                }
                let file = target.split(['#', '?']).next().unwrap_or("");
                let resolved = page.parent().expect("parent").join(file);
                assert!(
                    resolved.is_file(),
                    "{}: `{target}` does not resolve",
                    page.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 2000, "{checked} links");
}

fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser"].into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    assert!(
        found.is_some() || std::env::var_os("CI").is_none(),
        "CI must install chromium (.ci/run)"
    );
    found
}

/// The page as Chromium renders it (scripts run), and what it logged.
fn render(browser: &str, url: &str) -> (String, String) {
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            url,
        ])
        .output()
        .expect("chromium runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn chromium_renders_home_entity_and_search() {
    let Some(browser) = chromium() else {
        eprintln!("notice: chromium is not installed; the site rendering test is skipped");
        return;
    };
    let (_tmp, site) = build(&root("inventory"));
    let url = |rel: &str| format!("file://{}/{rel}", site.display());
    let (home, log) = render(browser, &url("index.html"));
    assert!(
        home.contains("Special data at a glance") && home.contains("CHU de Valmont"),
        "{home}"
    );
    assert!(!log.contains("Uncaught"), "{log}");
    // The DPI page lists who reaches its health data, with the chain.
    let dpi = std::fs::read_dir(site.join("e"))
        .expect("e/")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("application-dpi-"))
        .expect("the DPI page");
    let (page, log) = render(browser, &url(&format!("e/{dpi}")));
    assert!(page.contains("Who reaches it"), "{page}");
    assert!(
        page.contains("dr-faure") && page.contains("member of cardio-night-rota"),
        "{page}"
    );
    assert!(page.contains("health.record"), "{page}");
    assert!(!log.contains("Uncaught"), "{log}");
    // A shareable search: dpi first.
    let (found, log) = render(browser, &url("search.html?q=dpi"));
    let first = found
        .split("<li><a href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("");
    assert_eq!(first, format!("e/{dpi}"), "{found}");
    assert!(found.contains(" results for "), "{found}");
    assert!(!log.contains("Uncaught"), "{log}");
    // The findings filter page loads its script without error.
    let (findings, log) = render(browser, &url("findings.html"));
    assert!(findings.contains("SEC007"), "{findings}");
    assert!(!log.contains("Uncaught"), "{log}");
}

/// Hostile names are text everywhere: in pages and in the search index.
#[test]
fn hostile_names_render_as_text() {
    let inv = crate::common::inventory(&[
        ("carto.yaml", "self: chu\n"),
        (
            "a.yaml",
            "organizations:\n  - {id: chu, kind: self, country: FR, name: \"<script>alert(1)</script>\"}\napplications:\n  - {id: app, owner: chu, name: \"\\\"><img src=x onerror=alert(2)>\", tags: [\"</script><script>alert(3)</script>\"], data: [health]}\n",
        ),
    ]);
    let (_tmp, site) = build(&inv.path().display().to_string());
    for page in html_files(&site) {
        let text = std::fs::read_to_string(&page).expect("page");
        assert!(!text.contains("<script>alert"), "{}", page.display());
        assert!(!text.contains("<img src=x"), "{}", page.display());
        let scripts = text.matches("<script").count();
        let ours = text.matches("<script src=\"").count();
        assert_eq!(scripts, ours, "{}: an inline script", page.display());
    }
    let index = std::fs::read_to_string(site.join("search-index.js")).expect("index");
    assert!(
        !index.contains("</script>") && index.contains("\\u003c/script\\u003e"),
        "{index}"
    );
    let home = std::fs::read_to_string(site.join("index.html")).expect("home");
    assert!(
        home.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{home}"
    );
    if let Some(browser) = chromium() {
        let (dom, log) = render(
            browser,
            &format!("file://{}/search.html?q=app", site.display()),
        );
        assert!(dom.contains("&lt;img src=x"), "{dom}");
        assert!(!log.contains("Uncaught"), "{log}");
    }
}

/// Links planted in an old output never send pages outside `-o`: a page
/// that is a link is replaced, a folder that is a link is refused.
#[cfg(unix)]
#[test]
fn links_in_the_output_are_not_followed() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("site");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").expect("victim");
    std::fs::create_dir(&out).expect("mkdir");
    std::os::unix::fs::symlink(&victim, out.join("index.html")).expect("link");
    let o = out.display().to_string();
    let r = carto(&["-i", &root("inventory"), "site", "-o", &o]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep me");
    assert!(
        !std::fs::symlink_metadata(out.join("index.html"))
            .expect("index")
            .file_type()
            .is_symlink()
    );
    // The pages folder as a link elsewhere: refused.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    let out2 = dir.path().join("site2");
    std::fs::create_dir(&out2).expect("mkdir");
    std::os::unix::fs::symlink(&elsewhere, out2.join("e")).expect("link");
    let r = carto(&[
        "-i",
        &root("inventory"),
        "site",
        "-o",
        &out2.display().to_string(),
    ]);
    assert_eq!(r.code, 4, "{}", r.all());
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(&elsewhere).expect("dir").count(), 0);
}
