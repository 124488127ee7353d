//! The notifier Lambda function: delivers the security notices the
//! table's stream announces, and sweeps the outbox when the schedule calls.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    twofold_functions::notifier::lambda::run().await
}
