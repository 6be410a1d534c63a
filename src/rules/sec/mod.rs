//! SEC: security of health information (ANSSI, HDS, PGSSI-S, NIS2).

mod sec001;
mod sec002;
mod sec003;
mod sec004;
mod sec005;
mod sec006;
mod sec007;
mod sec008;
mod sec009;
mod sec010;
mod sec011;
mod sec012;
mod sec013;
mod sec014;
mod sec015;
mod sec016;
mod sec017;

pub use sec001::Sec001;
pub use sec002::Sec002;
pub use sec003::Sec003;
pub use sec004::Sec004;
pub use sec005::Sec005;
pub use sec006::Sec006;
pub use sec007::Sec007;
pub use sec008::Sec008;
pub use sec009::Sec009;
pub use sec010::Sec010;
pub use sec011::Sec011;
pub use sec012::Sec012;
pub use sec013::Sec013;
pub use sec014::Sec014;
pub use sec015::Sec015;
pub use sec016::Sec016;
pub use sec017::Sec017;

use crate::model::{AppIx, Special};
use crate::rules::Cx;

/// The special categories an application holds (declared, received, relayed).
fn special_held<'a>(cx: &Cx<'a>, app: AppIx) -> Vec<&'a str> {
    cx.graph.held[app.i()]
        .iter()
        .filter(|h| cx.inv[h.data].special.is_some())
        .map(|h| &*cx.inv[h.data].common.id)
        .collect()
}

/// The health (or genetic) categories an application holds.
fn health_held<'a>(cx: &Cx<'a>, app: AppIx) -> Vec<&'a str> {
    cx.graph.held[app.i()]
        .iter()
        .filter(|h| {
            matches!(
                cx.inv[h.data].special,
                Some(Special::Health | Special::Genetic)
            )
        })
        .map(|h| &*cx.inv[h.data].common.id)
        .collect()
}

/// Every application, with its index.
fn apps<'a>(cx: &'a Cx) -> impl Iterator<Item = (AppIx, &'a crate::model::Application)> + 'a {
    cx.inv
        .applications
        .iter()
        .enumerate()
        .map(|(i, a)| (AppIx(i as u32), a))
}

/// Why an admin grant does not go through a bastion of the admin zone (no
/// `via`, or a `via` that is not a gateway in a zone of trust `admin`), if
/// it does not (SEC005, and SEC014 for tier 0).
fn bastion_problem(inv: &crate::model::Inventory, grant: &crate::model::Grant) -> Option<String> {
    use crate::model::{AppKind, Trust};
    match &grant.via {
        None => Some("not through a bastion (`via`)".to_string()),
        Some(v) => {
            let gw = &inv[v.ix];
            let admin_zone = gw
                .zone
                .as_ref()
                .is_some_and(|z| inv[z.ix].trust == Trust::Admin);
            (gw.kind != AppKind::Gateway || !admin_zone)
                .then(|| format!("`{}` is not a gateway in an admin zone", v.id))
        }
    }
}
