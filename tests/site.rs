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
    assert!(pages.len() > 250, "{} pages", pages.len());
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
    // The search index is in a fixed order, ids that name entities of
    // several kinds (the reference has four) included: a site is the same
    // each time it is built.
    let index = std::fs::read_to_string(site.join("search-index.js")).expect("index");
    let json = index
        .trim()
        .strip_prefix("window.CARTO_INDEX = ")
        .and_then(|j| j.strip_suffix(';'))
        .expect("the index's shape");
    let items: Vec<Vec<serde_json::Value>> = serde_json::from_str(json).expect("JSON");
    let keys: Vec<(&str, &str)> = items
        .iter()
        .map(|i| (i[0].as_str().unwrap_or(""), i[2].as_str().unwrap_or("")))
        .collect();
    assert!(keys.is_sorted(), "{keys:?}");
    assert!(keys.windows(2).filter(|w| w[0].0 == w[1].0).count() >= 4);
}

pub fn chromium() -> Option<&'static str> {
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

/// Headless Chromium, as CI runs it (no sandbox in a container, no GPU).
pub fn headless(browser: &str) -> std::process::Command {
    let mut c = std::process::Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
    ]);
    c
}

/// The page as Chromium renders it (scripts run), and what it logged.
fn render(browser: &str, url: &str) -> (String, String) {
    let out = headless(browser)
        .args(["--enable-logging=stderr", "--v=0", "--dump-dom", url])
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
    let dpi = page_file(&site, "application-dpi-");
    let (page, log) = render(browser, &url(&format!("e/{dpi}")));
    assert!(page.contains("Who reaches it"), "{page}");
    assert!(
        page.contains("dr-faure") && page.contains("member of cardio-night-rota"),
        "{page}"
    );
    assert!(page.contains("health.record"), "{page}");
    assert!(!log.contains("Uncaught"), "{log}");
    // A person's page: what dr-faure reaches, and through which groups.
    let faure = page_file(&site, "person-dr-faure-");
    let (page, log) = render(browser, &url(&format!("e/{faure}")));
    assert!(page.contains("What it reaches"), "{page}");
    assert!(
        page.contains("member of cardio-night-rota") && page.contains(&format!("e/{dpi}")),
        "{page}"
    );
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

fn build_with(inv: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("site");
    let o = out.display().to_string();
    let mut args = vec!["-i", inv, "site", "-o", &o];
    args.extend_from_slice(extra);
    let r = carto(&args);
    assert_eq!(r.code, 0, "{}", r.all());
    (dir, out)
}

/// The file name of the entity page whose name starts with `prefix`.
fn page_file(site: &Path, prefix: &str) -> String {
    std::fs::read_dir(site.join("e"))
        .expect("e/")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(prefix))
        .unwrap_or_else(|| panic!("no page {prefix}*"))
}

fn page_of(site: &Path, prefix: &str) -> String {
    std::fs::read_to_string(site.join("e").join(page_file(site, prefix))).expect("page")
}

/// `--lang fr` writes the pages' words in French and declares the
/// language; English is the default.
#[test]
fn the_site_speaks_french() {
    let (_tmp, site) = build_with(&root("inventory"), &["--lang", "fr", "--no-diagrams"]);
    let home = std::fs::read_to_string(site.join("index.html")).expect("home");
    assert!(home.contains("<html lang=\"fr\">"), "{home}");
    for fr in [
        ">Accueil<",
        "Données sensibles en un coup d'œil",
        "Maturité par vue de l'ANSSI",
        "68 erreurs, 26 avertissements, 0 informations",
    ] {
        assert!(home.contains(fr), "{fr} missing from {home}");
    }
    for en in [">Home<", "Special data at a glance", "What it holds"] {
        assert!(!home.contains(en), "{en} left in {home}");
    }
    let dpi = page_of(&site, "application-dpi-");
    assert!(
        dpi.contains("Qui y accède") && dpi.contains("déclaré en"),
        "{dpi}"
    );
    let search = std::fs::read_to_string(site.join("search.html")).expect("search");
    assert!(search.contains("data-many=\"résultats pour\""), "{search}");
    let (_tmp, en) = build_with(&root("inventory"), &["--no-diagrams"]);
    let home = std::fs::read_to_string(en.join("index.html")).expect("home");
    assert!(home.contains("<html lang=\"en\">") && home.contains(">Home<"));
}

/// An application's page draws what it is linked to (flows both ways,
/// labelled with their data), every box a link to its page.
#[test]
fn an_application_page_has_its_context_diagram() {
    let (_tmp, site) = build_with(&root("inventory"), &["--no-diagrams"]);
    let dpi = page_of(&site, "application-dpi-");
    let svg = dpi
        .split("<svg class=\"context\"")
        .nth(1)
        .and_then(|s| s.split("</svg>").next())
        .unwrap_or_else(|| panic!("no context diagram in {dpi}"));
    // The laboratory system sends results to the DPI: a box, a link, the data.
    assert!(svg.contains("<a href=\"application-lis-"), "{svg}");
    assert!(svg.contains(">health.lab<"), "{svg}");
    // The DPI's owner, on the right.
    assert!(svg.contains("<a href=\"person-dr-bernard-"), "{svg}");
    assert!(svg.contains("aria-label=\"dpi and what it is linked to\""));
    // The data it holds, each with the fact that says why, and its countries.
    assert!(
        dpi.contains("identity</a>: dpi holds identity (applications/clinical.yaml:10)</li>"),
        "{dpi}"
    );
    assert!(dpi.contains("Hosted in: FR"), "{dpi}");
    // A processing's page carries its record of the register.
    let care = page_of(&site, "processing-patient-care-");
    assert!(
        care.contains("Its record in the register") && care.contains("class=\"rec-title\""),
        "{care}"
    );
}

/// The diagrams page embeds Graphviz's drawings as images; without
/// Graphviz the site still builds and says why, with no broken image.
#[test]
fn diagrams_with_and_without_graphviz() {
    let has_dot = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        has_dot || std::env::var_os("CI").is_none(),
        "CI must install graphviz (.ci/run)"
    );
    if has_dot {
        let (_tmp, site) = build(&root("inventory"));
        let page = std::fs::read_to_string(site.join("diagrams.html")).expect("page");
        for view in [
            "ecosystem",
            "applications",
            "flows",
            "infrastructure",
            "gdpr",
        ] {
            assert!(
                page.contains(&format!("<img src=\"diagrams/{view}.svg\"")),
                "{view}: {page}"
            );
            let svg =
                std::fs::read_to_string(site.join(format!("diagrams/{view}.svg"))).expect("svg");
            assert!(svg.contains("<svg"), "{view}");
        }
        let home = std::fs::read_to_string(site.join("index.html")).expect("home");
        assert!(home.contains("<img src=\"diagrams/ecosystem.svg\""));
    }
    // No Graphviz on the PATH.
    let empty = tempfile::tempdir().expect("tmp");
    let out = empty.path().join("site");
    let r = assert_cmd::Command::cargo_bin("carto")
        .expect("binary")
        .args(["-i", &root("inventory"), "site", "-o"])
        .arg(&out)
        .env("PATH", empty.path())
        .output()
        .expect("runs");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let page = std::fs::read_to_string(out.join("diagrams.html")).expect("page");
    assert!(page.contains("Graphviz is not installed"), "{page}");
    assert!(!page.contains("<img"), "{page}");
    let home = std::fs::read_to_string(out.join("index.html")).expect("home");
    assert!(!home.contains("<img"), "{home}");
    assert!(!out.join("diagrams").exists());
}

/// `source_url:` in carto.yaml links each declaration to the forge; an
/// address that is not a web address is refused at load.
#[test]
fn declarations_link_to_the_forge() {
    let files = |url: &str| {
        crate::common::inventory(&[
            ("carto.yaml", &format!("self: chu\nsource_url: \"{url}\"\n")),
            (
                "apps/a b.yaml",
                "organizations:\n  - {id: chu, kind: self, country: FR}\napplications:\n  - {id: app, owner: chu}\n",
            ),
        ])
    };
    let inv = files("https://forge.example/inv/-/blob/main/{path}#L{line}");
    let (_tmp, site) = build_with(&inv.path().display().to_string(), &["--no-diagrams"]);
    let app = page_of(&site, "application-app-");
    assert!(
        app.contains("<a href=\"https://forge.example/inv/-/blob/main/apps/a%20b.yaml#L4\"><code>apps/a b.yaml:4</code></a>"),
        "{app}"
    );
    let bad = files("javascript:alert(1)//{path}");
    let r = crate::common::carto_in(bad.path(), &["check"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.all().contains("`source_url` is a web address"),
        "{}",
        r.all()
    );
}
