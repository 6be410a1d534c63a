//! The `carto` binary: parse arguments, run, exit with the command's status.

// mimalloc instead of the system allocator: a large inventory is millions of
// small allocations (node trees, ids, findings); glibc's malloc and free took
// a fifth of the time of `check` (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // `COMPLETE=bash carto ...`: the shell asks for completions (entity ids
    // from the inventory included); answered here, then exit.
    clap_complete::CompleteEnv::with_factory(carto::cli::manual::command).complete();
    let code = carto::cli::run(std::env::args_os());
    std::process::ExitCode::from(u8::try_from(code).unwrap_or(4))
}
