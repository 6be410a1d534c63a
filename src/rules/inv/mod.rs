//! INV: the inventory itself. INV000-INV007 are enforced by the loader;
//! the rules here run on a loaded inventory.

pub mod inv008;
pub mod inv009;
