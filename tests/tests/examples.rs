//! The scripts in `examples/` run as a script author runs them, against a
//! real twofold-local: the shell one (bash, curl, jq) and the Python one
//! (standard library only), with codes typed on stdin, with recovery codes,
//! with the TOTP secret, through a code just used (303), and with a
//! password that `-d` would mangle. So the examples the README points to
//! cannot rot.
//!
//! Tests only test: bash, curl, jq and python3 come from `make tools`.

use std::{
    io::{Read, Write},
    path::PathBuf,
    process::{Child, ChildStdin, Command, ExitStatus, Stdio},
    sync::{Arc, Mutex},
    thread,
    time::{Duration, Instant},
};

use tokio::sync::mpsc;
use twofold_api::{account::AccountResponse, events::EventKind};
use twofold_e2e::{server::workspace_root, Enrolled, TestApp, PASSWORD};

/// How every code prompt of both examples ends.
const PROMPT_END: &str = "recovery code): ";

/// The longest an example may take to ask, or to finish: the longest wait
/// here is one code just used (303), 30 s at most.
const PATIENCE: Duration = Duration::from_secs(90);

/// What the example prints on stdout, before the token.
const TOKEN_LINE: &str = "export TWOFOLD_TOKEN=";

/// The two examples.
#[derive(Debug, Clone, Copy)]
enum Example {
    /// `examples/signin-and-token.sh`.
    Shell,
    /// `examples/signin_and_token.py`.
    Python,
}

impl Example {
    /// The command that runs it, once the tools it needs are found.
    fn command(self) -> Command {
        let (interpreter, file, tools): (&str, &str, &[&str]) = match self {
            Example::Shell => ("bash", "signin-and-token.sh", &["curl", "jq"]),
            Example::Python => ("python3", "signin_and_token.py", &[]),
        };
        for tool in tools {
            on_path(tool);
        }
        let mut command = Command::new(on_path(interpreter));
        command.arg(workspace_root().join("examples").join(file));
        command
    }
}

/// Where `name` is on PATH; missing, the test stops naming `make tools`.
fn on_path(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(name))
                .find(|file| file.is_file())
        })
        .unwrap_or_else(|| {
            panic!("{name} is not on PATH: run `make tools` (or `make test`), which installs it.")
        })
}

/// An example running against a server; the test is the person at its
/// terminal.
#[derive(Debug)]
struct Run {
    child: Child,
    stdin: Option<ChildStdin>,
    prompts: mpsc::UnboundedReceiver<()>,
    stdout: Option<thread::JoinHandle<String>>,
    stderr_reader: Option<thread::JoinHandle<()>>,
    stderr: Arc<Mutex<String>>,
    typed: Vec<String>,
    started: Instant,
}

impl Run {
    /// Starts `example` against `app`, signing in as `login` with
    /// `password`, with `env` on top.
    fn start(
        example: Example,
        app: &TestApp,
        login: &str,
        password: &str,
        env: &[(&str, &str)],
    ) -> Run {
        let mut command = example.command();
        // Only what the test sets: a developer's own RECOVERY_CODE or secret
        // would change the run.
        for name in ["RECOVERY_CODE", "TWOFOLD_TOTP_SECRET", "TOKEN_DESCRIPTION"] {
            command.env_remove(name);
        }
        command
            .env("API", app.url())
            .env("LOGIN", login)
            .env("PASSWORD", password)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("the example starts");
        let stdin = child.stdin.take();
        let mut stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let stdout = thread::spawn(move || {
            let mut text = String::new();
            let _ = stdout.read_to_string(&mut text);
            text
        });
        let (prompt_tx, prompts) = mpsc::unbounded_channel();
        let written = Arc::new(Mutex::new(String::new()));
        let stderr_reader = read_prompts(stderr, written.clone(), prompt_tx);
        Run {
            child,
            stdin,
            prompts,
            stdout: Some(stdout),
            stderr_reader: Some(stderr_reader),
            stderr: written,
            typed: Vec::new(),
            started: Instant::now(),
        }
    }

    /// Waits until the example asks for a code.
    async fn prompted(&mut self) {
        if !matches!(
            tokio::time::timeout(PATIENCE, self.prompts.recv()).await,
            Ok(Some(()))
        ) {
            panic!(
                "the example did not ask for a code; it wrote:\n{}",
                self.stderr_so_far()
            );
        }
    }

    /// Types `code` and Enter.
    fn type_line(&mut self, code: &str) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        writeln!(stdin, "{code}")
            .and_then(|()| stdin.flush())
            .expect("the example reads stdin");
        self.typed.push(code.to_owned());
    }

    fn stderr_so_far(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Closes stdin (an example that asks for more now fails) and waits for
    /// the example to end.
    async fn finish(mut self) -> Finished {
        drop(self.stdin.take());
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("the example's status") {
                break status;
            }
            assert!(
                self.started.elapsed() < PATIENCE,
                "the example did not finish; it wrote:\n{}",
                self.stderr_so_far()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let stdout = self
            .stdout
            .take()
            .map(|reader| reader.join().expect("stdout read"))
            .unwrap_or_default();
        if let Some(reader) = self.stderr_reader.take() {
            reader.join().expect("stderr read");
        }
        Finished {
            status,
            stdout,
            stderr: self.stderr_so_far(),
            typed: std::mem::take(&mut self.typed),
            took: self.started.elapsed(),
        }
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        // A failed test leaves no example waiting for a code.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Copies `stderr` into `written` as it comes, and signals each new prompt
/// (a prompt ends without a newline, so lines would not do).
fn read_prompts(
    mut stderr: impl Read + Send + 'static,
    written: Arc<Mutex<String>>,
    prompts: mpsc::UnboundedSender<()>,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut seen = 0;
        let mut chunk = [0u8; 4096];
        while let Ok(read @ 1..) = stderr.read(&mut chunk) {
            let Ok(mut all) = written.lock() else { return };
            all.push_str(&String::from_utf8_lossy(&chunk[..read]));
            let asked = all.matches(PROMPT_END).count();
            for _ in seen..asked {
                let _ = prompts.send(());
            }
            seen = asked;
        }
    })
}

/// An example that has ended.
#[derive(Debug)]
struct Finished {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    typed: Vec<String>,
    took: Duration,
}

impl Finished {
    /// The token it printed, its only line on stdout.
    fn token(&self) -> &str {
        match self.stdout.lines().collect::<Vec<_>>().as_slice() {
            [line] => line
                .strip_prefix(TOKEN_LINE)
                .unwrap_or_else(|| panic!("stdout is `{TOKEN_LINE}...`: {line}")),
            _ => panic!("stdout is one line, the token: {:?}", self.stdout),
        }
    }
}

/// What every run must show: it exited 0, the token it printed calls
/// GetAccount for `account`, and stderr holds prompts and news but no
/// secret (the password, the TOTP secret, a code, a session or a token).
/// Returns GetAccount's answer.
async fn assert_made_a_working_token(
    app: &TestApp,
    run: &Finished,
    account: &Enrolled,
) -> AccountResponse {
    eprintln!("the example ran for {:.1?}", run.took);
    assert!(
        run.status.success(),
        "the example failed ({}):\n{}",
        run.status,
        run.stderr
    );
    let token = run.token();
    let seen = app
        .get_account(token)
        .await
        .expect("the printed token calls GetAccount");
    assert_eq!(seen.login, account.login);
    assert!(
        run.stderr
            .contains(&format!("answers for {}", account.login)),
        "the example says what GetAccount answered: {}",
        run.stderr
    );
    let secrets = [account.password.as_str(), &account.setup.secret, token]
        .into_iter()
        .chain(account.recovery_codes.iter().map(String::as_str))
        .chain(run.typed.iter().map(String::as_str))
        .chain(["tft_", "tfs_", "tfp_"]);
    for secret in secrets {
        assert!(
            !run.stderr.contains(secret),
            "stderr shows a secret ({secret}):\n{}",
            run.stderr
        );
    }
    seen
}

#[tokio::test]
async fn the_shell_example_signs_in_with_a_code_from_the_app_and_steps_up_with_the_next() {
    let app = TestApp::spawn();
    let mut account = app.enrolled("ada", PASSWORD).await;
    let mut run = Run::start(
        Example::Shell,
        &app,
        "ada",
        PASSWORD,
        &[("TOKEN_DESCRIPTION", "nightly report")],
    );

    run.prompted().await;
    run.type_line(&account.phone.next_code().await);
    run.prompted().await;
    run.type_line(&account.phone.next_code().await);
    let run = run.finish().await;

    assert_made_a_working_token(&app, &run, &account).await;
    let tokens = app.get_tokens(&account.session).await.expect("GetTokens");
    let [token] = tokens.tokens.as_slice() else {
        panic!("one token: {tokens:?}")
    };
    assert_eq!(token.description, "nightly report");
    assert_eq!(token.api_list, ["GetAccount", "GetEvents"]);
}

#[tokio::test]
async fn the_shell_example_signs_in_and_steps_up_with_recovery_codes() {
    let app = TestApp::spawn();
    let account = app.enrolled("ada", PASSWORD).await;
    let mut run = Run::start(Example::Shell, &app, "ada", PASSWORD, &[]);

    for code in &account.recovery_codes[..2] {
        run.prompted().await;
        run.type_line(code);
    }
    let run = run.finish().await;

    let seen = assert_made_a_working_token(&app, &run, &account).await;
    assert_eq!(seen.two_factor.recovery_codes_left, 8);
    assert!(
        run.stderr.contains("recovery code; 9 left"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn the_python_example_makes_its_own_codes_from_the_totp_secret_unattended() {
    let app = TestApp::spawn();
    let account = app.enrolled("ada", PASSWORD).await;

    // Nothing typed: stdin is closed from the start.
    let run = Run::start(
        Example::Python,
        &app,
        "ada",
        PASSWORD,
        &[("TWOFOLD_TOTP_SECRET", &account.setup.secret)],
    )
    .finish()
    .await;

    assert_made_a_working_token(&app, &run, &account).await;
    assert!(
        !run.stderr.contains(PROMPT_END),
        "it asked nobody: {}",
        run.stderr
    );
    let events = app
        .get_events(&account.session, Some(100), None)
        .await
        .expect("GetEvents");
    assert!(
        events
            .events
            .iter()
            .all(|event| event.kind != EventKind::SecondFactorFailed),
        "every code it made was right: {events:?}"
    );
}

#[tokio::test]
async fn the_python_example_signs_in_with_a_recovery_code_and_waits_out_a_code_just_used() {
    let app = TestApp::spawn();
    let mut account = app.enrolled("ada", PASSWORD).await;
    let mut run = Run::start(
        Example::Python,
        &app,
        "ada",
        PASSWORD,
        &[("RECOVERY_CODE", &account.recovery_codes[0])],
    );

    // The step-up's code: first one the owner has just used elsewhere
    // (303, not counted), then, once the example has waited, the next.
    run.prompted().await;
    let used = account.phone.next_code().await;
    app.step_up(&account.session, PASSWORD, Some(&used))
        .await
        .expect("the owner uses the code first");
    run.type_line(&used);
    run.prompted().await;
    run.type_line(&account.phone.next_code().await);
    let run = run.finish().await;

    let seen = assert_made_a_working_token(&app, &run, &account).await;
    assert_eq!(seen.two_factor.recovery_codes_left, 9);
    assert!(
        run.stderr.contains("That code was just used"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn a_password_with_plus_ampersand_percent_and_space_goes_through_the_shell_example_unchanged()
{
    let password = "pa+ss &w=rd 100%";
    let app = TestApp::spawn();
    let mut account = app.enrolled("ada", password).await;
    let mut run = Run::start(Example::Shell, &app, "ada", password, &[]);

    run.prompted().await;
    run.type_line(&account.phone.next_code().await);
    run.prompted().await;
    run.type_line(&account.phone.next_code().await);
    let run = run.finish().await;

    assert_made_a_working_token(&app, &run, &account).await;
    let events = app
        .get_events(&account.session, Some(100), None)
        .await
        .expect("GetEvents");
    assert!(
        events.events.iter().all(|event| !matches!(
            event.kind,
            EventKind::SignInFailed | EventKind::PasswordConfirmationFailed
        )),
        "no wrong password was counted: {events:?}"
    );
}
