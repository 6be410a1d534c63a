//! INV: the inventory itself. INV000-INV007 are enforced by the loader;
//! the rules here run on a loaded inventory.

mod inv008;
mod inv009;
mod inv010;

pub use inv008::Inv008;
pub use inv009::Inv009;
pub use inv010::Inv010;
