//! The `carto` binary: parse arguments, run, exit with the command's status.

fn main() -> std::process::ExitCode {
    let code = carto::cli::run(std::env::args_os());
    std::process::ExitCode::from(u8::try_from(code).unwrap_or(4))
}
