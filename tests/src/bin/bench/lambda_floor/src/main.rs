//! A Lambda function that answers every event with an empty JSON object:
//! the process, the runtime and an answer, nothing of Twofold's. The floor
//! of the Lambda binaries' size and cold start in `make bench`.

use lambda_http::{service_fn, Body, Error, Request, Response};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_http::run(service_fn(|_: Request| async {
        Ok::<_, Error>(Response::new(Body::from("{}")))
    }))
    .await
}
