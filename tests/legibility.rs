//! The legibility target of `carto diagram`, measured on the real Graphviz
//! output: with default options, every view fits an A3 landscape page at
//! 150 dpi with its smallest text at least 12 px high, and the views people
//! put on slides fit a 1920 x 1080 slide the same way; on the reference
//! inventory and on a generated 200-application one (grouped). `bash
//! scripts/legibility.sh` prints the figures for docs/diagrams.md.

use crate::common::{carto_in, root};
use carto::render::{A3, SLIDE, fitted_px, svg_size};
use std::path::Path;

/// The target: 12 px after fitting (about 6 pt printed).
const TARGET_PX: f64 = 12.0;

struct Measure {
    width: f64,
    height: f64,
    smallest: f64,
}

impl Measure {
    fn a3(&self) -> f64 {
        fitted_px(self.width, self.height, self.smallest, A3, 150.0)
    }
    fn slide(&self) -> f64 {
        fitted_px(self.width, self.height, self.smallest, SLIDE, 96.0)
    }
}

/// The SVG's size (pt) and its smallest `font-size`.
fn measure(svg: &str) -> Measure {
    let (width, height) = svg_size(svg).expect("an SVG size");
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(svg, opts).expect("well-formed SVG");
    let smallest = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.attribute("font-size")?.parse::<f64>().ok())
        .fold(f64::INFINITY, f64::min);
    assert!(smallest.is_finite(), "no text in the SVG");
    Measure {
        width,
        height,
        smallest,
    }
}

/// Renders a view to SVG with default options and checks it against the
/// target: on A3 always, on a slide when `slide`. Returns the table row.
fn check_view(inv: &Path, view: &[&str], slide: bool, failures: &mut Vec<String>) -> String {
    let out = tempfile::tempdir().expect("tempdir");
    let file = out.path().join("v.svg");
    let file_arg = file.display().to_string();
    let mut args = vec!["diagram"];
    args.extend_from_slice(view);
    args.extend_from_slice(&["--format", "svg", "-o", &file_arg]);
    let run = carto_in(inv, &args);
    assert_eq!(run.code, 0, "{view:?}: {}", run.all());
    let svg = std::fs::read_to_string(&file).expect("the SVG");
    let m = measure(&svg);
    let (a3, sl) = (m.a3(), m.slide());
    if a3 < TARGET_PX {
        failures.push(format!("{view:?} on A3: {a3:.1} px"));
    }
    if slide && sl < TARGET_PX {
        failures.push(format!("{view:?} on a slide: {sl:.1} px"));
    }
    let grouped = if svg.contains("(grouped)") {
        " (grouped)"
    } else {
        ""
    };
    format!(
        "| `{}`{grouped} | {:.0} x {:.0} | {} pt | {a3:.1} | {} |",
        view.join(" "),
        m.width,
        m.height,
        m.smallest,
        if slide {
            format!("{sl:.1}")
        } else {
            format!("({sl:.1})")
        }
    )
}

fn report(title: &str, rows: &[String], failures: &[String]) {
    println!(
        "\n{title}\n\n| view | SVG size (pt) | smallest text | on A3 (px) | on a slide (px) |\n|---|---|---|---|---|"
    );
    for r in rows {
        println!("{r}");
    }
    assert!(failures.is_empty(), "under {TARGET_PX} px: {failures:#?}");
}

#[test]
fn reference_views_are_legible_on_a3_and_slides() {
    if !crate::diagrams::dot_available() {
        return;
    }
    let inv = root("inventory");
    let inv = Path::new(&inv);
    let mut failures = Vec::new();
    let views: &[(&[&str], bool)] = &[
        (&["ecosystem"], true),
        (&["applications"], false),
        (&["flows"], false),
        (&["data", "health"], true),
        (&["data", "identity"], true),
        (&["access", "telecons"], true),
        (&["access", "dpi"], true),
        (&["access", "health.transfusion"], true),
        (&["infrastructure"], false),
        (&["gdpr"], true),
    ];
    let rows: Vec<String> = views
        .iter()
        .map(|(v, slide)| check_view(inv, v, *slide, &mut failures))
        .collect();
    report("reference inventory", &rows, &failures);
}

#[test]
fn a_generated_200_application_inventory_is_legible_grouped() {
    if !crate::diagrams::dot_available() {
        return;
    }
    let Some(synth) = crate::common::synth() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the synth example is not built"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let inv = dir.path().join("inv");
    let ok = std::process::Command::new(synth)
        .args(["--apps", "200", "--seed", "1"])
        .arg(&inv)
        .status()
        .expect("synth runs");
    assert!(ok.success());
    let mut failures = Vec::new();
    let views: &[(&[&str], bool)] = &[
        (&["ecosystem"], false),
        (&["applications"], false),
        (&["flows"], false),
        (&["data", "health"], false),
        (&["infrastructure"], false),
        (&["gdpr"], false),
    ];
    let rows: Vec<String> = views
        .iter()
        .map(|(v, slide)| check_view(&inv, v, *slide, &mut failures))
        .collect();
    report("generated, 200 applications", &rows, &failures);
}
