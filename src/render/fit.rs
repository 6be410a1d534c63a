//! How large a picture's text comes out on the page it is shown on: the
//! measure behind the legibility target (docs/diagrams.md).

/// The size of an SVG that Graphviz wrote, in points (its `<svg width=
/// "..pt" height="..pt"` header).
pub fn svg_size(svg: &str) -> Option<(f64, f64)> {
    let head = &svg[svg.find("<svg")?..];
    let attr = |name: &str| -> Option<f64> {
        let at = head.find(&format!(" {name}=\""))? + name.len() + 3;
        let v = &head[at..];
        v[..v.find('"')?].trim_end_matches("pt").parse().ok()
    };
    Some((attr("width")?, attr("height")?))
}

/// How large text of `size` points comes out, in pixels, when a picture of
/// `w` x `h` points is scaled down to fit a page of `page` pixels at `dpi`.
pub fn fitted_px(w: f64, h: f64, size: f64, page: (f64, f64), dpi: f64) -> f64 {
    let (pw, ph) = (page.0 * 72.0 / dpi, page.1 * 72.0 / dpi);
    let scale = (pw / w).min(ph / h).min(1.0);
    size * scale * dpi / 72.0
}

/// An A3 landscape page at 150 dpi, in pixels.
pub const A3: (f64, f64) = (2480.0, 1754.0);
/// A full-HD slide at 96 dpi, in pixels.
pub const SLIDE: (f64, f64) = (1920.0, 1080.0);
