//! The account Lambda function: GetAccount, Setup2FA, Enable2FA,
//! Get2FABackupCodes, Regenerate2FABackupCodes, Disable2FA, GetEvents.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    twofold_functions::lambda::run(twofold_functions::http::account_router).await
}
