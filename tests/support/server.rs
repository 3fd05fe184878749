//! A real server started in the test process, on a thread of its own.

use std::ffi::OsString;
use std::path::Path;

/// Starts `tenure serve --listen 127.0.0.1:0 --workers 1 --data <data>` with `extra`
/// arguments (the command line's defaults otherwise, as `tenure serve` runs) on a
/// thread of its own; returns its address, `host:port`.
pub fn serve(data: &Path, extra: &[&str]) -> String {
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut args: Vec<OsString> = ["tenure", "--listen", "127.0.0.1:0", "--workers", "1"]
        .iter()
        .map(Into::into)
        .collect();
    args.push("--data".into());
    args.push(data.into());
    args.extend(extra.iter().map(Into::into));
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let cli = <tenure::config::Cli as clap::Parser>::parse_from(args);
            let app = tenure::startup::Application::build(&cli.serve).expect("the server starts");
            sender.send(app.address().to_string()).unwrap();
            app.run_until_stopped().await.unwrap();
        });
    });
    receiver.recv().expect("the server's address")
}
