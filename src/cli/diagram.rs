//! `carto diagram VIEW`: ecosystem, applications, flows, data DATA, access
//! ID, infrastructure, gdpr; as DOT, SVG, PNG (through Graphviz's `dot`) or
//! Mermaid.

use super::formats::DiagramFormat;
use super::{CmdError, Ctx, Exit, Output, resolve_arg};
use crate::hash::{HashMap, HashSet};
use crate::model::Target;
use crate::render::{self, ClusterBy, View};
use std::io::Write;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format [default: from -o's extension, else dot; svg with --split]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<DiagramFormat>,
    /// The view
    #[arg(value_parser = views())]
    pub view: String,
    /// The category (`data`) or the application or category (`access`)
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_ids))]
    pub arg: Option<String>,
    /// Only the neighbourhood of this entity
    #[arg(long, value_name = "ID", add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_ids))]
    pub focus: Option<String>,
    /// How many links away from --focus to keep
    #[arg(long, default_value_t = 2)]
    pub depth: usize,
    /// Only entities with this tag, and their neighbours (repeatable)
    #[arg(long)]
    pub tag: Vec<String>,
    /// Group applications by zone, site, org (their provider) or none
    #[arg(long, default_value = "zone", value_parser = ["zone", "site", "org", "organization", "none"])]
    pub cluster: String,
    /// Refuse a diagram with more nodes than this (Graphviz's layout time
    /// grows fast with size); 0 for no limit
    #[arg(long, value_name = "N", default_value_t = MAX_NODES)]
    pub max_nodes: usize,
    /// Draw each group (zone, site, provider, protocol...) as one node, with
    /// the links between groups bundled and counted
    #[arg(long)]
    pub aggregate: bool,
    /// Draw every node, even past the size a page can show legibly
    #[arg(long, conflicts_with_all = ["aggregate", "expand"])]
    pub no_aggregate: bool,
    /// Keep the groups whose name contains TEXT open (repeatable; implies
    /// --aggregate)
    #[arg(long, value_name = "TEXT")]
    pub expand: Vec<String>,
    /// Write one diagram per group into the directory given by -o, and an
    /// overview (`index`) whose groups link to them
    #[arg(long, conflicts_with_all = ["aggregate", "expand", "no_aggregate"])]
    pub split: bool,
    /// Stop Graphviz after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
}

/// Above this size Graphviz's layout of carto's clustered views takes
/// minutes (measured: 58 nodes and 320 edges in 3 s, 115 nodes and 640
/// edges in 150 s), and the picture is unreadable anyway.
const MAX_NODES: usize = 150;
/// The same bound for edges (at the default node limit).
const MAX_EDGES: usize = 600;
/// Past this many nodes a view no longer reads on an A3 page with 12 px
/// text (measured on the reference inventory: see docs/diagrams.md), so the
/// default drawing groups it.
pub const LEGIBLE_NODES: usize = 30;

/// Runs Graphviz's `dot` on a DOT text, stopping it after `timeout`.
fn run_dot(dot: &str, format: &str, timeout: std::time::Duration) -> Result<Vec<u8>, CmdError> {
    let child = std::process::Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CmdError::Failure(format!(
                "{format} needs Graphviz's `dot`, which is not installed: install it (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`), or use `--format dot` or `--format mermaid`"
            )));
        }
        Err(e) => return Err(CmdError::Failure(format!("cannot run `dot`: {e}"))),
    };
    // Fed and drained from other threads: dot reads all its input before it
    // writes, and a large picture fills a pipe.
    let input = dot.to_string();
    let mut stdin = child.stdin.take();
    let feeder = std::thread::spawn(move || {
        if let Some(w) = stdin.as_mut() {
            let _ = w.write_all(input.as_bytes());
        }
    });
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(r) = stdout.as_mut() {
            let _ = std::io::Read::read_to_end(r, &mut v);
        }
        v
    });
    let mut stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(r) = stderr.as_mut() {
            let _ = std::io::Read::read_to_end(r, &mut v);
        }
        v
    });
    let started = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(CmdError::Failure(format!(
                    "Graphviz did not finish within {} s: narrow the diagram (--focus ID --depth 1, --tag, a smaller --cluster) or raise --timeout",
                    timeout.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(20)),
            Err(e) => return Err(CmdError::Failure(format!("`dot` failed: {e}"))),
        }
    };
    let _ = feeder.join();
    let out = reader.join().unwrap_or_default();
    let err = errors.join().unwrap_or_default();
    if !status.success() {
        // Graphviz can print thousands of lines: the first few say enough.
        let err = String::from_utf8_lossy(&err);
        let first: Vec<&str> = err.lines().take(3).collect();
        return Err(CmdError::Failure(format!(
            "`dot` failed: {}{}",
            crate::text::escape(&first.join(" / ")),
            if err.lines().count() > 3 { " ..." } else { "" }
        )));
    }
    Ok(out)
}

/// Lays a diagram out with Graphviz, left to right and top to bottom at
/// once (two processes), and keeps the one that shows its text larger on an
/// A3 page and on a slide; a grid has one layout. Small pictures only: above
/// [`LEGIBLE_NODES`] the second layout would double a long wait.
fn picture(
    d: &mut render::Diagram,
    format: &str,
    timeout: std::time::Duration,
) -> Result<Vec<u8>, CmdError> {
    if d.grid || d.nodes.len() > LEGIBLE_NODES {
        return run_dot(&render::dot(d), format, timeout);
    }
    let across = render::dot(d);
    d.top_down = true;
    let down = render::dot(d);
    let other = std::thread::spawn(move || run_dot(&down, "svg", timeout));
    let first = run_dot(&across, "svg", timeout)?;
    let second = other
        .join()
        .map_err(|_| CmdError::Failure("the Graphviz thread failed".into()))??;
    let fit = |svg: &[u8]| {
        render::svg_size(&String::from_utf8_lossy(svg)).map_or(0.0, |(w, h)| {
            render::fitted_px(w, h, 1.0, render::A3, 150.0).min(render::fitted_px(
                w,
                h,
                1.0,
                render::SLIDE,
                96.0,
            ))
        })
    };
    d.top_down = fit(&second) > fit(&first);
    let chosen = if d.top_down { second } else { first };
    if format == "svg" {
        return Ok(chosen);
    }
    run_dot(&render::dot(d), format, timeout)
}

/// A diagram too large to read whole, grouped (each group one node) when
/// that is smaller; else the diagram itself.
fn legible(d: render::Diagram) -> render::Diagram {
    if d.nodes.len() <= LEGIBLE_NODES || d.clusters.is_empty() {
        return d;
    }
    let mut grouped = d.aggregated(&[]);
    if grouped.nodes.len() > LEGIBLE_NODES {
        grouped = d.aggregated_loose(&[]);
    }
    if grouped.nodes.len() < d.nodes.len() {
        grouped
    } else {
        d
    }
}

/// The whole-inventory views as `carto diagram VIEW -o view.svg` draws them
/// by default (grouped past a legible size), for the site: (name, title,
/// the SVG or why there is none). Graphviz missing is said once per view,
/// never an error: the site builds without it.
pub(super) fn site_views(
    graph: &crate::graph::Graph,
    lang: crate::model::Language,
) -> Vec<crate::site::View> {
    let l = crate::export::lang::Words(lang);
    let timeout = std::time::Duration::from_secs(60);
    [
        ("ecosystem", View::Ecosystem, "Ecosystem: organizations and the data between them"),
        ("applications", View::Applications, "Applications by zone and the flows between them"),
        ("flows", View::Flows, "Flows, through their gateways"),
        ("infrastructure", View::Infrastructure, "Infrastructure: sites, zones, servers"),
        ("gdpr", View::Gdpr, "Processings: their applications and data"),
    ]
    .into_iter()
    .map(|(name, view, title)| {
        let mut d = legible(render::build(graph, view, ClusterBy::Zone));
        let svg = if d.nodes.is_empty() {
            Err(l.t("Nothing to draw in this view.").to_string())
        } else if d.nodes.len() > MAX_NODES || d.edges.len() > MAX_EDGES {
            Err(l.f(
                "Too large to draw ({} nodes, {} links): `carto diagram {} --split -o DIR` draws it a group at a time.",
                &[&d.nodes.len(), &d.edges.len(), &name],
            ))
        } else {
            match picture(&mut d, "svg", timeout) {
                Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
                Err(CmdError::Failure(m)) if m.contains("not installed") => Err(l
                    .t("Graphviz is not installed where this site was built: the diagrams are missing (Debian: apt-get install graphviz).")
                    .to_string()),
                Err(CmdError::Failure(m) | CmdError::Usage(m)) => Err(m),
                Err(CmdError::Load(_)) => Err(String::new()),
            }
        };
        crate::site::View {
            name: name.to_string(),
            title: l.t(title).to_string(),
            svg,
        }
    })
    .collect()
}

/// The boxes of the views for an ArchiMate export: each node of the
/// ecosystem, applications, infrastructure and GDPR views where Graphviz
/// puts it (`dot -Tplain`), else on a grid; views past [`MAX_NODES`] are
/// left out.
pub(super) fn archimate_views(
    graph: &crate::graph::Graph,
) -> Vec<crate::export::archimate::ViewLayout> {
    let inv = graph.inv;
    let timeout = std::time::Duration::from_secs(60);
    let mut out = Vec::new();
    for (name, view) in [
        ("Ecosystem", View::Ecosystem),
        ("Applications", View::Applications),
        ("Infrastructure", View::Infrastructure),
        ("GDPR", View::Gdpr),
    ] {
        let d = render::build(graph, view, ClusterBy::Zone);
        if d.nodes.is_empty() || d.nodes.len() > MAX_NODES {
            continue;
        }
        // Node n<i> -> (x, y, w, h) in inches, y upwards, from its centre.
        let mut placed: HashMap<usize, (f64, f64, f64, f64)> = HashMap::default();
        let mut height = 0.0;
        if let Ok(plain) = run_dot(&render::dot(&d), "plain", timeout) {
            for line in String::from_utf8_lossy(&plain).lines() {
                let f: Vec<&str> = line.split_whitespace().collect();
                match f.as_slice() {
                    ["graph", _, _, h, ..] => height = h.parse().unwrap_or(0.0),
                    ["node", n, x, y, w, h, ..] => {
                        let (Some(i), Ok(x), Ok(y), Ok(w), Ok(h)) = (
                            n.trim_matches('"')
                                .strip_prefix('n')
                                .and_then(|i| i.parse().ok()),
                            x.parse::<f64>(),
                            y.parse::<f64>(),
                            w.parse::<f64>(),
                            h.parse::<f64>(),
                        ) else {
                            continue;
                        };
                        placed.insert(i, (x, y, w, h));
                    }
                    _ => {}
                }
            }
        }
        const PX: f64 = 96.0;
        let nodes = d
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                let t = inv.lookup(&n.entity).into_iter().next()?;
                let (x, y, w, h) = match placed.get(&i) {
                    Some((x, y, w, h)) => (
                        ((x - w / 2.0) * PX) as i64,
                        ((height - y - h / 2.0) * PX) as i64,
                        (w * PX).max(120.0) as i64,
                        (h * PX).max(55.0) as i64,
                    ),
                    None => (
                        20 + (i % 6) as i64 * 200,
                        20 + (i / 6) as i64 * 100,
                        160,
                        60,
                    ),
                };
                Some((t, x, y, w, h))
            })
            .collect();
        out.push(crate::export::archimate::ViewLayout {
            name: name.to_string(),
            nodes,
        });
    }
    out
}

/// The views, with their short names.
fn views() -> clap::builder::PossibleValuesParser {
    use clap::builder::PossibleValue;
    clap::builder::PossibleValuesParser::new([
        PossibleValue::new("ecosystem").help("organizations and the data between them"),
        PossibleValue::new("applications")
            .alias("apps")
            .help("applications by zone, flows between them"),
        PossibleValue::new("flows").help("every flow, named, through its gateways"),
        PossibleValue::new("data").help("where one data category lives and goes (data ID)"),
        PossibleValue::new("access").help("who reaches an application or data (access ID)"),
        PossibleValue::new("infrastructure")
            .alias("infra")
            .help("sites, zones, servers, applications"),
        PossibleValue::new("gdpr").help("one card per processing: applications and data"),
    ])
}

/// The file extension of a format (Graphviz's `-T` name for pictures).
fn extension(f: DiagramFormat) -> &'static str {
    match f {
        DiagramFormat::Dot => "dot",
        DiagramFormat::Svg => "svg",
        DiagramFormat::Png => "png",
        DiagramFormat::Mermaid => "mmd",
    }
}

/// A file name for a group's page: its label in lower-case ASCII letters,
/// digits and dashes (never a path), unique among `taken`.
fn page_name(label: &str, taken: &mut HashSet<String>) -> String {
    let slug = crate::text::slug(label, 48);
    let base = if slug.is_empty() || slug == "index" {
        "group".to_string()
    } else {
        slug.to_string()
    };
    let mut name = base.clone();
    let mut k = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}-{k}");
        k += 1;
    }
    name
}

/// `--split`: the overview and one page per group, written into `dir`.
fn split(
    ctx: &Ctx,
    d: &render::Diagram,
    format: DiagramFormat,
    dir: &std::path::Path,
    timeout: std::time::Duration,
) -> Result<usize, CmdError> {
    if d.clusters.is_empty() {
        return Err(CmdError::Usage(
            "this view has no groups to split by: draw it whole, or narrow it with --focus".into(),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        CmdError::Failure(format!(
            "cannot create {}: {e}",
            crate::text::escape(&dir.display().to_string())
        ))
    })?;
    let ext = extension(format);
    let mut taken = HashSet::default();
    taken.insert("index".to_string());
    let names: HashMap<usize, String> = d
        .groups()
        .into_iter()
        .map(|c| (c, page_name(&d.clusters[c].label, &mut taken)))
        .collect();
    let link = |p: &mut render::Diagram| {
        for n in &mut p.nodes {
            if let Some(name) = render::Diagram::bundle_group(n).and_then(|c| names.get(&c)) {
                n.url = format!("{name}.{ext}");
            }
        }
    };
    let mut overview = d.aggregated(&[]);
    if overview.nodes.len() > LEGIBLE_NODES {
        overview = d.aggregated_loose(&[]);
    }
    let mut pages = vec![("index".to_string(), overview)];
    let mut groups: Vec<(&usize, &String)> = names.iter().collect();
    groups.sort();
    for (c, name) in groups {
        pages.push((name.clone(), d.page(*c)));
    }
    let (bar, _) = ctx.progress("Drawing the pages", pages.len());
    for (name, page) in &mut pages {
        link(page);
        let bytes = match format {
            DiagramFormat::Mermaid => render::mermaid(page).into_bytes(),
            DiagramFormat::Dot => render::dot(page).into_bytes(),
            f @ (DiagramFormat::Svg | DiagramFormat::Png) => picture(page, extension(f), timeout)?,
        };
        let path = dir.join(format!("{name}.{ext}"));
        super::output::write_atomic(&path, &bytes).map_err(|e| {
            CmdError::Failure(format!(
                "cannot write {}: {e}",
                crate::text::escape(&path.display().to_string())
            ))
        })?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(pages.len())
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = match (args.split, args.format) {
        (true, None) => DiagramFormat::Svg,
        (_, given) => ctx.pick(given)?,
    };
    let split_dir = if args.split {
        let dir = out.path().map(|p| p.to_path_buf()).ok_or_else(|| {
            CmdError::Usage(
                "--split writes several files: name their directory with `-o DIR`".into(),
            )
        })?;
        Some(dir)
    } else {
        None
    };
    if format == DiagramFormat::Png && out.path().is_none() && split_dir.is_none() {
        return Err(CmdError::Usage(
            "PNG is binary: write it to a file with `-o map.png`".into(),
        ));
    }
    let by = ClusterBy::parse(&args.cluster).ok_or_else(|| {
        CmdError::Usage(format!(
            "invalid --cluster `{}`: expected zone, site, org or none",
            args.cluster
        ))
    })?;
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let need_arg = |what: &str| -> Result<String, CmdError> {
        args.arg
            .clone()
            .ok_or_else(|| CmdError::Usage(format!("`carto diagram {}` needs {what}", args.view)))
    };
    let view = match args.view.as_str() {
        "ecosystem" => View::Ecosystem,
        "applications" | "apps" => View::Applications,
        "flows" => View::Flows,
        "infrastructure" | "infra" => View::Infrastructure,
        "gdpr" => View::Gdpr,
        "data" => {
            let id = need_arg("a data category: `carto diagram data health`")?;
            let arg = if id.contains(':') {
                id.clone()
            } else {
                format!("data:{id}")
            };
            match resolve_arg(inv, &arg)? {
                Target::Data(d) => View::Data(d),
                _ => return Err(CmdError::Usage(format!("`{id}` is not a data category"))),
            }
        }
        "access" => {
            let id = need_arg("an application or a data category: `carto diagram access dpi`")?;
            match resolve_arg(inv, &id)? {
                t @ (Target::App(_) | Target::Data(_) | Target::Server(_)) => View::Access(t),
                other => {
                    return Err(CmdError::Usage(format!(
                        "`{id}` is {}; `diagram access` takes an application, a server or a data category",
                        crate::load::kinds_phrase(&[other.kind()])
                    )));
                }
            }
        }
        other => {
            let views = [
                "ecosystem",
                "applications",
                "flows",
                "data",
                "access",
                "infrastructure",
                "gdpr",
            ];
            let mut m = format!(
                "unknown view `{other}`: expected one of {}",
                views.join(", ")
            );
            if let Some(s) = crate::diag::did_you_mean(other, views.iter().copied()) {
                m.push_str(&format!("; did you mean `{s}`?"));
            }
            return Err(CmdError::Usage(m));
        }
    };
    let graph = ctx.graph(inv);
    let mut d = ctx.timed("diagram built", || render::build(&graph, view, by));
    d.only_tagged(&args.tag);
    if let Some(f) = &args.focus {
        let found = d.focus(f, args.depth) || d.focus(&format!("data:{f}"), args.depth);
        if !found {
            let ids: Vec<String> = d.nodes.iter().map(|n| n.entity.clone()).collect();
            let mut m = format!("`{f}` is not in this diagram");
            if let Some(s) = crate::diag::did_you_mean(f, ids.iter().map(|s| s.as_str())) {
                m.push_str(&format!("; did you mean `{s}`?"));
            }
            return Err(CmdError::Usage(m));
        }
    }
    let too_many = |d: &render::Diagram| {
        args.max_nodes > 0
            && (d.nodes.len() > args.max_nodes
                || d.edges.len() > MAX_EDGES * args.max_nodes / MAX_NODES)
    };
    if args.aggregate || !args.expand.is_empty() {
        d = d.aggregated(&args.expand);
    } else if !args.no_aggregate && !args.split {
        let before = d.nodes.len();
        d = legible(d);
        if d.nodes.len() < before {
            ctx.note(&format!(
                "the {} diagram has {before} nodes, more than a page shows legibly: drawn grouped ({} nodes); --expand NAME opens a group, --split -o DIR draws each group on its own page, --no-aggregate draws everything",
                args.view,
                d.nodes.len()
            ));
        }
    }
    if too_many(&d) {
        return Err(CmdError::Usage(format!(
            "the {} diagram has {} nodes and {} edges, more than a picture can show (at most {} nodes): narrow it with --focus ID --depth 1, --tag TAG, --split -o DIR, or another view; --max-nodes 0 lifts the limit (Graphviz may then take minutes)",
            args.view,
            d.nodes.len(),
            d.edges.len(),
            args.max_nodes
        )));
    }
    let timeout = std::time::Duration::from_secs(args.timeout.max(1));
    if let Some(dir) = split_dir {
        let n = split(ctx, &d, format, &dir, timeout)?;
        // The files are written: nothing goes to `-o` itself.
        out.discard();
        ctx.note(&format!(
            "{n} diagrams written to {} (index.{} is the overview; each group links to its page)",
            crate::text::escape(&dir.display().to_string()),
            extension(format)
        ));
        return Ok(Exit::Ok);
    }
    match format {
        DiagramFormat::Mermaid => out.push(&render::mermaid(&d)),
        DiagramFormat::Dot => out.push(&render::dot(&d)),
        f @ (DiagramFormat::Svg | DiagramFormat::Png) => {
            let f = extension(f);
            let (bar, _) = ctx.progress("Graphviz is laying out the diagram", 0);
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            let picture = picture(&mut d, f, timeout);
            bar.finish_and_clear();
            out.push_bytes(&picture?)
        }
    }
    Ok(Exit::Ok)
}
