//! `TestServer`: a real `twofold-local` process on a free loopback port,
//! with its own data folder, its output captured, stopped when dropped.

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicU64, Ordering},
        mpsc, Arc, Mutex,
    },
    time::Duration,
};

/// Where the workspace is (this crate lives in `tests/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Cargo's target folder (`CARGO_TARGET_DIR`, or `target/`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// A file the tests need but never build: `variable` names it, or else it
/// is `default`; missing, the test stops with the `make` target that makes it.
pub fn built_by_make(variable: &str, default: PathBuf, target: &str) -> PathBuf {
    let path = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or(default);
    assert!(
        path.exists(),
        "{} is missing: run `make {target}` first (or `make test`, which builds it before the tests), \
         or point {variable} at it",
        path.display()
    );
    path
}

/// The twofold-local binary that `make local` built (`TWOFOLD_LOCAL_BIN`),
/// for tests that run it themselves.
pub fn local_binary() -> PathBuf {
    binary()
}

/// The twofold-local binary that `make local` built (`TWOFOLD_LOCAL_BIN`).
fn binary() -> PathBuf {
    built_by_make(
        "TWOFOLD_LOCAL_BIN",
        target_dir().join("debug").join("twofold-local"),
        "local",
    )
}

/// The operator's tool, `twofold-admin`, which `make local` builds beside
/// twofold-local (`TWOFOLD_ADMIN_BIN` names another).
fn admin_binary() -> PathBuf {
    built_by_make(
        "TWOFOLD_ADMIN_BIN",
        binary().with_file_name("twofold-admin"),
        "local",
    )
}

/// Runs `twofold-admin ARGS` on the data folder `data` (of a stopped
/// server: see [`TestServer::restart_after`]), without the developer's own
/// settings, and returns what it did.
pub fn operator_tool(data: &Path, args: &[&str]) -> std::io::Result<std::process::Output> {
    let mut command = Command::new(admin_binary());
    command.arg("--data-dir").arg(data).args(args);
    for (name, _) in std::env::vars_os().filter(|(name, _)| is_setting(name)) {
        command.env_remove(name);
    }
    command.output()
}

/// How to start the server.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// Extra environment variables (policies, RUST_LOG, ...).
    pub env: Vec<(String, String)>,
    /// The built app to serve; none by default.
    pub dist: Option<PathBuf>,
}

impl ServerOptions {
    /// Default options plus these environment variables (policies,
    /// `RUST_LOG`, ...).
    pub fn with_env(env: &[(&str, &str)]) -> ServerOptions {
        ServerOptions {
            env: env
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
            dist: None,
        }
    }
}

impl ServerOptions {
    /// These options, with the server reading its time from `clock`.
    pub fn with_clock(mut self, clock: &TestClock) -> ServerOptions {
        self.env.push((
            "TWOFOLD_CLOCK_FILE".to_owned(),
            clock.file().display().to_string(),
        ));
        self
    }
}

/// The server's clock, moved by the test: twofold-local started with
/// `TWOFOLD_CLOCK_FILE` adds the seconds written in that file to the system
/// time, re-reading it on every call. So a test sees a token expire 90 days
/// on, or `lastUsed` a minute later, without sleeping.
#[derive(Debug)]
pub struct TestClock {
    dir: tempfile::TempDir,
    shift: AtomicU64,
}

impl TestClock {
    /// A clock file saying 0 (no shift).
    pub fn new() -> TestClock {
        let clock = TestClock {
            dir: tempfile::tempdir().expect("temp dir"),
            shift: AtomicU64::new(0),
        };
        clock.set(0);
        clock
    }

    /// The file the server reads.
    pub fn file(&self) -> PathBuf {
        self.dir.path().join("clock")
    }

    /// Seconds the server's clock is ahead of the system's.
    pub fn shift(&self) -> u64 {
        self.shift.load(Ordering::SeqCst)
    }

    /// The server's now: the system time plus the shift.
    pub fn now(&self) -> u64 {
        crate::api::unix_now() + self.shift()
    }

    /// Puts the server's clock `seconds` ahead of the system's (from the
    /// very next call). The file is replaced whole, so the server never
    /// reads half a number.
    pub fn set(&self, seconds: u64) {
        let partial = self.dir.path().join("clock.partial");
        std::fs::write(&partial, seconds.to_string()).expect("write the clock file");
        std::fs::rename(&partial, self.file()).expect("replace the clock file");
        self.shift.store(seconds, Ordering::SeqCst);
    }

    /// Moves the server's clock `seconds` further ahead.
    pub fn advance(&self, seconds: u64) {
        self.set(self.shift() + seconds);
    }
}

impl Default for TestClock {
    fn default() -> Self {
        TestClock::new()
    }
}

/// Whether the server must not inherit `name` from the test's environment:
/// a developer's exported settings would change what the tests see.
fn is_setting(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    ["TWOFOLD_", "DYNAMODB_", "AWS_"]
        .iter()
        .any(|prefix| name.starts_with(prefix))
        || name == "RUST_LOG"
}

/// A running twofold-local.
#[derive(Debug)]
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    child: Child,
    data: Arc<tempfile::TempDir>,
    output: Arc<Mutex<String>>,
    options: ServerOptions,
}

impl TestServer {
    /// A server with these options and an empty data folder.
    pub fn start_with(options: ServerOptions) -> TestServer {
        let data = Arc::new(tempfile::tempdir().expect("temp dir"));
        TestServer::spawn(data, options)
    }

    fn spawn(data: Arc<tempfile::TempDir>, options: ServerOptions) -> TestServer {
        let mut command = Command::new(binary());
        command
            .args(["--port", "0", "--data-dir"])
            .arg(data.path())
            .arg("--dist")
            .arg(
                options
                    .dist
                    .clone()
                    .unwrap_or_else(|| data.path().join("no-app")),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, _) in std::env::vars_os().filter(|(name, _)| is_setting(name)) {
            command.env_remove(name);
        }
        command.env("RUST_LOG", "info");
        for (name, value) in &options.env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("start twofold-local");
        let output = Arc::new(Mutex::new(String::new()));
        let (url_tx, url_rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        capture(stdout, output.clone(), Some(url_tx));
        capture(stderr, output.clone(), None);
        let url = match url_rx.recv_timeout(Duration::from_secs(60)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "twofold-local did not start:\n{}",
                    output.lock().map(|o| o.clone()).unwrap_or_default()
                );
            }
        };
        TestServer {
            url,
            child,
            data,
            output,
            options,
        }
    }

    /// Stops the server and starts it again on the same data folder (and
    /// sealing key), as after a reboot. The port changes.
    pub fn restart(&mut self) {
        self.restart_after(|_| {});
    }

    /// Stops the server, hands its data folder to `offline` (what works
    /// only on a stopped server's data, such as the operator's tool), then
    /// starts it again as [`TestServer::restart`] does.
    pub fn restart_after(&mut self, offline: impl FnOnce(&Path)) {
        self.stop_process();
        offline(self.data.path());
        let restarted = TestServer::spawn(self.data.clone(), self.options.clone());
        let old_output = std::mem::take(&mut *self.output.lock().expect("output"));
        restarted
            .output
            .lock()
            .expect("output")
            .insert_str(0, &old_output);
        let _ = std::mem::replace(self, restarted);
    }

    /// Kills the server with SIGKILL (no shutdown at all, as a crash or
    /// `kill -9`), then starts it on the same data folder with `options`
    /// instead of the ones it had. The port changes.
    pub fn kill_hard_and_restart_with(&mut self, options: ServerOptions) {
        // std's Child::kill is SIGKILL on Unix.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let restarted = TestServer::spawn(self.data.clone(), options);
        let old_output = std::mem::take(&mut *self.output.lock().expect("output"));
        restarted
            .output
            .lock()
            .expect("output")
            .insert_str(0, &old_output);
        let _ = std::mem::replace(self, restarted);
    }

    /// `http://localhost:PORT`: the same server under the name browsers
    /// allow security keys and passkeys on (they refuse an IP address such
    /// as 127.0.0.1; twofold-local's relying party is `localhost`).
    pub fn localhost_url(&self) -> String {
        self.url.replacen("127.0.0.1", "localhost", 1)
    }

    /// Everything the server printed so far, stdout and stderr.
    pub fn output(&self) -> String {
        self.output.lock().map(|o| o.clone()).unwrap_or_default()
    }

    /// Everything the server printed once it has printed `line` (its
    /// output is read on another thread, a moment after the answer it
    /// belongs to), or after five seconds without it.
    pub async fn output_with(&self, line: &str) -> String {
        for _ in 0..100 {
            let output = self.output();
            if output.contains(line) {
                return output;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.output()
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    /// The process id, to read what the kernel knows of the server
    /// (`/proc/PID/status`: its peak memory, for `twofold-bench memory`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn stop_process(&mut self) {
        // SIGTERM first so the server shuts down as in production.
        #[cfg(unix)]
        {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(self.child.id().to_string())
                .status();
            for _ in 0..50 {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn capture(
    stream: impl std::io::Read + Send + 'static,
    output: Arc<Mutex<String>>,
    url: Option<mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let (Some(tx), Some(at)) = (&url, line.find("listening on ")) {
                let _ = tx.send(line[at + "listening on ".len()..].trim().to_owned());
            }
            if let Ok(mut all) = output.lock() {
                all.push_str(&line);
                all.push('\n');
            }
        }
    });
}
