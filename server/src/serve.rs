//! Serving the application over TCP: hyper's HTTP/1 connection with a header read timeout and
//! header limits, at most [`Limits::max_connections`] connections at once, and graceful shutdown.
//! (`axum::serve` exposes none of these settings, so the accept loop is here, built from hyper,
//! hyper-util and tokio's semaphore.) The request-level limits (body size, body read timeout,
//! whole-request timeout) are tower layers, in [`crate::app::build`].

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::StatusCode;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::error::{ErrorEnvelope, ErrorKind};
use crate::ids;

/// The time limits and the connection limit of the server.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// A request's head (request line and headers) must arrive within this, counted from the
    /// first moment the server waits for it; an idle keep-alive connection is closed after it too.
    pub header_read: Duration,
    /// The longest pause while a request body is read (408 past it).
    pub body_read: Duration,
    /// The longest a whole request may take, from its head to its answer (504 past it).
    pub request: Duration,
    /// Connections open at once; more wait, unaccepted, until one closes.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read: Duration::from_secs(10),
            body_read: Duration::from_secs(10),
            request: Duration::from_secs(30),
            max_connections: 512,
        }
    }
}

/// The most header lines a request may have (hyper answers 431 past it).
pub const MAX_HEADERS: usize = 100;
/// The most bytes a request head may have, request line included (hyper answers 431 past it).
pub const MAX_HEAD_BYTES: usize = 32 * 1024;

/// How long requests under way may finish after Ctrl-C or SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves `app` on `listener` until Ctrl-C or SIGTERM, then lets requests under way finish for
/// at most [`SHUTDOWN_GRACE`]. The limit matters: a browser keeps idle connections open (some
/// never send a request), and a graceful shutdown alone would wait for them forever. Stopping
/// then loses no write: each is one transaction, committed or not at all.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits) -> io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .max_headers(MAX_HEADERS)
        .max_header_size(MAX_HEAD_BYTES);
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let stop = shutdown_signal();
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Such as EMFILE: wait a little rather than spin.
                    tracing::warn!(%error, "accepting a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            app.clone().oneshot(request)
        });
        let connection = http.serve_connection(TokioIo::new(EnvelopedErrors::new(stream)), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {}
    }
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// A TCP connection on which hyper's own answers to requests it cannot parse (400 for a
/// malformed request, 414 for a request line too long, 431 for headers too large or too many:
/// a bare status line and no body, since hyper has no hook for them) are replaced by the
/// contract's error envelope with a request id, like every other answer.
///
/// Such an answer is recognised as hyper writes it: a response head with one of those statuses
/// and no `request-id` header (every answer of the application has one). hyper writes it alone,
/// at the start of a write, and closes the connection after it.
struct EnvelopedErrors {
    stream: TcpStream,
    /// The replacement answer still to be written, and how much of it was.
    pending: Vec<u8>,
    written: usize,
}

impl EnvelopedErrors {
    fn new(stream: TcpStream) -> Self {
        EnvelopedErrors {
            stream,
            pending: Vec::new(),
            written: 0,
        }
    }

    /// Writes what is left of a replacement answer.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let n = ready!(Pin::new(&mut self.stream).poll_write(cx, &self.pending[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

/// The envelope answer that replaces `head`, when `head` is one of hyper's own error answers.
fn replacement_for(head: &[u8]) -> Option<Vec<u8>> {
    let rest = head.strip_prefix(b"HTTP/1.")?;
    let status: u16 = std::str::from_utf8(rest.get(2..5)?).ok()?.parse().ok()?;
    let end = head.windows(4).position(|w| w == b"\r\n\r\n")?;
    let text = std::str::from_utf8(&head[..end]).ok()?;
    if text
        .split("\r\n")
        .skip(1)
        .any(|line| line.len() > 11 && line[..11].eq_ignore_ascii_case("request-id:"))
    {
        return None;
    }
    let (kind, message) = match status {
        400 => (ErrorKind::InvalidRequest, "The request is not valid HTTP/1.1."),
        414 => (ErrorKind::UriTooLong, "The request URL is too long."),
        431 => (
            ErrorKind::HeadersTooLarge,
            "The request headers are too large: at most 100 headers and 32768 bytes in the request head.",
        ),
        _ => return None,
    };
    let request_id = ids::new_id(ids::REQUEST);
    let body = serde_json::to_vec(&ErrorEnvelope::new(kind, message.to_owned(), request_id.clone())).ok()?;
    let reason = StatusCode::from_u16(status).ok()?.canonical_reason().unwrap_or("Error");
    let mut answer = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         request-id: {request_id}\r\nx-should-retry: false\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(&body);
    Some(answer)
}

impl AsyncRead for EnvelopedErrors {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for EnvelopedErrors {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        ready!(self.poll_pending(cx))?;
        if let Some(answer) = replacement_for(buf) {
            self.pending = answer;
            // hyper's answer counts as written; ours is written now or by the next flush.
            if let Poll::Ready(Err(error)) = self.poll_pending(cx) {
                return Poll::Ready(Err(error));
            }
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    // Not vectored: hyper then writes each answer from one buffer, its head at the start.
    fn is_write_vectored(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::replacement_for;

    #[test]
    fn only_hyper_own_error_heads_are_replaced() {
        let bare = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let answer = String::from_utf8(replacement_for(bare).unwrap()).unwrap();
        assert!(
            answer.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
            "{answer}"
        );
        assert!(answer.contains("\r\nrequest-id: req_"), "{answer}");
        assert!(answer.contains(r#""type":"error""#), "{answer}");
        for kept in [
            &b"HTTP/1.1 400 Bad Request\r\nrequest-id: req_1\r\ncontent-length: 0\r\n\r\n"[..],
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            b"{\"data\": []}",
            b"HTTP/1.1 400 Bad Req",
        ] {
            assert!(replacement_for(kept).is_none(), "{}", String::from_utf8_lossy(kept));
        }
    }
}
