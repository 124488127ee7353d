//! `LambdaFunction`: a Twofold Lambda binary (built for this machine by
//! `make local`) running as in AWS, against a small in-test emulator of the
//! Lambda Runtime API on a loopback port, over a store of its own. Calls are
//! API Gateway HTTP API (v2) events; answers are the function's responses.

use std::{
    collections::HashMap,
    io::{BufRead, BufReader},
    net::SocketAddr,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode},
    response::IntoResponse,
    routing::{get, post},
    Router,
};
use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot};
use twofold_store::embedded::EmbeddedDynamo;

use crate::server::{built_by_make, target_dir};

/// What the emulator shares between its routes and the test.
#[derive(Debug, Default)]
struct Runtime {
    /// Events waiting for the function's next poll.
    queue: Mutex<Option<mpsc::UnboundedReceiver<(String, Value)>>>,
    /// Answers awaited, by request id.
    waiting: Mutex<HashMap<String, oneshot::Sender<Value>>>,
}

/// A Lambda function process and the Runtime API it polls.
#[derive(Debug)]
pub struct LambdaFunction {
    child: Child,
    events: mpsc::UnboundedSender<(String, Value)>,
    runtime: Arc<Runtime>,
    output: Arc<Mutex<String>>,
    next_id: u64,
    _store: Option<EmbeddedDynamo>,
    _server: tokio::task::JoinHandle<()>,
}

/// The binary `make local` built for the Lambda function `name`
/// (`authentication`, `account` or `notifier`), in `TWOFOLD_LAMBDA_DIR`.
fn binary(name: &str) -> PathBuf {
    let dir = built_by_make("TWOFOLD_LAMBDA_DIR", target_dir().join("debug"), "local");
    let binary = dir.join(name);
    assert!(
        binary.is_file(),
        "{} is missing: run `make local` first (or `make test`)",
        binary.display()
    );
    binary
}

impl LambdaFunction {
    /// Starts the function `name` with these extra environment variables
    /// (e.g. `RUST_LOG`), a fresh embedded store and a fresh sealing key.
    pub async fn start(name: &str, env: &[(&str, &str)]) -> LambdaFunction {
        let (store, _) = EmbeddedDynamo::in_memory_store("twofold")
            .await
            .expect("embedded store");
        let endpoint = store.endpoint().to_owned();
        let mut function = LambdaFunction::start_on(name, env, &endpoint).await;
        function._store = Some(store);
        function
    }

    /// Starts the function `name` over the store at `endpoint` (shared with
    /// other functions: the table must exist), with these extra environment
    /// variables and the fixed test sealing key.
    pub async fn start_on(name: &str, env: &[(&str, &str)], endpoint: &str) -> LambdaFunction {
        let (events, queue) = mpsc::unbounded_channel();
        let runtime = Arc::new(Runtime {
            queue: Mutex::new(Some(queue)),
            waiting: Mutex::new(HashMap::new()),
        });
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next_event))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(response),
            )
            .route("/2018-06-01/runtime/invocation/{id}/error", post(response))
            .with_state(runtime.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let address: SocketAddr = listener.local_addr().expect("address");
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });

        let mut command = Command::new(binary(name));
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_LAMBDA_RUNTIME_API", address.to_string())
            .env("AWS_LAMBDA_FUNCTION_NAME", name)
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_LOG_GROUP_NAME", format!("/aws/lambda/{name}"))
            .env("AWS_LAMBDA_LOG_STREAM_NAME", "test")
            .env("AWS_REGION", "us-east-1")
            .env("DYNAMODB_ENDPOINT", endpoint)
            .env("TWOFOLD_TABLE", "twofold")
            .env("TWOFOLD_SEALING_KEY", "11".repeat(32))
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("start the Lambda binary");
        let output = Arc::new(Mutex::new(String::new()));
        capture(child.stdout.take().expect("stdout"), output.clone());
        capture(child.stderr.take().expect("stderr"), output.clone());
        LambdaFunction {
            child,
            events,
            runtime,
            output,
            next_id: 0,
            _store: None,
            _server: server,
        }
    }

    /// Invokes the function with an API Gateway HTTP API (v2) event for
    /// `POST path` with a JSON `body` from client address `source_ip`, and
    /// returns its response event (`statusCode`, `headers`, `body`, ...).
    pub async fn post(&mut self, path: &str, body: &Value, source_ip: &str) -> Value {
        self.post_with(
            path,
            &body.to_string(),
            &[("content-type", "application/json")],
            source_ip,
        )
        .await
    }

    /// Invokes the function with an API Gateway HTTP API (v2) event for
    /// `POST path` with this raw `body` and these request `headers` (a
    /// User-Agent is added), from client address `source_ip`.
    pub async fn post_with(
        &mut self,
        path: &str,
        body: &str,
        headers: &[(&str, &str)],
        source_ip: &str,
    ) -> Value {
        let mut header_map = serde_json::Map::new();
        header_map.insert("user-agent".into(), json!("lambda-test"));
        for (name, value) in headers {
            header_map.insert(name.to_ascii_lowercase(), json!(value));
        }
        self.next_id += 1;
        let id = format!("request-{}", self.next_id);
        let event = json!({
            "version": "2.0",
            "routeKey": "$default",
            "rawPath": path,
            "rawQueryString": "",
            "headers": header_map,
            "requestContext": {
                "accountId": "123456789012",
                "apiId": "api",
                "domainName": "api.example.com",
                "domainPrefix": "api",
                "http": {
                    "method": "POST",
                    "path": path,
                    "protocol": "HTTP/1.1",
                    "sourceIp": source_ip,
                    "userAgent": "lambda-test"
                },
                "requestId": id,
                "routeKey": "$default",
                "stage": "$default",
                "time": "28/Nov/2026:00:00:00 +0000",
                "timeEpoch": 1_795_000_000_000u64
            },
            "body": body,
            "isBase64Encoded": false
        });
        self.answer(id, event).await
    }

    /// Invokes the function with `event` as it is (a DynamoDB Streams
    /// batch, a schedule's input) and returns its answer.
    pub async fn invoke(&mut self, event: Value) -> Value {
        self.next_id += 1;
        let id = format!("request-{}", self.next_id);
        self.answer(id, event).await
    }

    /// Hands `event` to the function as request `id`, and waits for its
    /// answer.
    async fn answer(&mut self, id: String, event: Value) -> Value {
        let (answer, answered) = oneshot::channel();
        self.runtime
            .waiting
            .lock()
            .expect("lock")
            .insert(id.clone(), answer);
        self.events.send((id, event)).expect("the emulator runs");
        match tokio::time::timeout(Duration::from_secs(30), answered).await {
            Ok(Ok(response)) => response,
            _ => panic!(
                "the function did not answer within 30 s:\n{}",
                self.output()
            ),
        }
    }

    /// Everything the function printed so far, stdout and stderr.
    pub fn output(&self) -> String {
        self.output.lock().map(|o| o.clone()).unwrap_or_default()
    }
}

impl Drop for LambdaFunction {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self._server.abort();
    }
}

/// `GET /runtime/invocation/next`: the next event, with the headers the
/// runtime client reads.
async fn next_event(State(runtime): State<Arc<Runtime>>) -> impl IntoResponse {
    let queue = runtime.queue.lock().expect("lock").take();
    let Some(mut queue) = queue else {
        return (StatusCode::CONFLICT, HeaderMap::new(), String::new());
    };
    let next = queue.recv().await;
    *runtime.queue.lock().expect("lock") = Some(queue);
    let Some((id, event)) = next else {
        return (StatusCode::GONE, HeaderMap::new(), String::new());
    };
    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set("lambda-runtime-aws-request-id", &id);
    set("lambda-runtime-deadline-ms", "4102444800000");
    set(
        "lambda-runtime-invoked-function-arn",
        "arn:aws:lambda:us-east-1:123456789012:function:twofold",
    );
    set(
        "lambda-runtime-trace-id",
        "Root=1-00000000-000000000000000000000000",
    );
    set("content-type", "application/json");
    (StatusCode::OK, headers, event.to_string())
}

/// `POST /runtime/invocation/{id}/response` (and `/error`): hands the
/// function's answer to the test waiting for it.
async fn response(
    State(runtime): State<Arc<Runtime>>,
    Path(id): Path<String>,
    body: String,
) -> StatusCode {
    let answer = serde_json::from_str(&body).unwrap_or(Value::String(body));
    if let Some(waiting) = runtime.waiting.lock().expect("lock").remove(&id) {
        let _ = waiting.send(answer);
    }
    StatusCode::ACCEPTED
}

fn capture(stream: impl std::io::Read + Send + 'static, output: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Ok(mut all) = output.lock() {
                all.push_str(&line);
                all.push('\n');
            }
        }
    });
}
