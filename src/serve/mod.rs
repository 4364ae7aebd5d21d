//! `thidua serve`: the packs of a folder behind a web page and a JSON API,
//! on the same engine as the command line. Pages explore the packs, pre-check
//! one nomination from a form generated from the dataset's schema, and judge
//! a whole uploaded sheet; every verdict is the CLI's own report, made by the
//! CLI's own functions ([`run`]), so the page and the paper never disagree.
//!
//! Safe by default: loopback unless told otherwise; stateless (uploads live
//! in a temporary folder for one request); uploads bounded by the CLI's file
//! limit, runs by its rule limits, a time limit and a bound on concurrent
//! runs; packs are only those found at start, read by name, never by path;
//! every asset is in the binary.

pub mod admin;
mod api;
mod bundle;
mod fields;
mod form;
mod pages;
mod round;
pub mod run;
mod sheets;
mod words;
mod year;

use crate::app::AppError;
use crate::compile::CompiledPack;
use crate::i18n::Lang;
use crate::limits::DataLimits;
use crate::script::ScriptLimits;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How the server runs.
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: SocketAddr,
    pub lang: Lang,
    pub limits: ScriptLimits,
    pub data_limits: DataLimits,
    /// How long one run may take before the request is answered with an error.
    pub timeout: Duration,
    /// Runs at a time; more wait their turn.
    pub concurrent: usize,
    /// `--store`: the rounds' database; none, the server keeps nothing.
    pub store: Option<PathBuf>,
}

/// A pack found at start: its folder name (its address) and what it holds.
pub struct Served {
    pub id: String,
    pub cp: CompiledPack,
    /// Its files' hashes when it was compiled: a run whose manifest would
    /// hash other files (the pack edited since) is refused, never recorded
    /// under files it was not judged by.
    pub hashes: Vec<crate::audit::manifest::FileHash>,
}

/// What every request reads.
pub struct State {
    pub root: PathBuf,
    pub packs: Vec<Served>,
    /// The year files beside the packs.
    pub years: Vec<year::ServedYear>,
    pub lang: Lang,
    pub limits: ScriptLimits,
    pub data_limits: DataLimits,
    pub timeout: Duration,
    /// Runs at a time; a slot is held until its run's work really stops.
    pub gate: Arc<tokio::sync::Semaphore>,
    /// Uploads read into memory at a time (as many as runs): the bytes held
    /// by uploads stay within `--concurrent` times the file limit.
    pub intake: Arc<tokio::sync::Semaphore>,
    /// The rounds' database (`--store`).
    pub store: Option<Arc<crate::store::Store>>,
}

impl State {
    pub fn pack(&self, id: &str) -> Option<&Served> {
        self.packs.iter().find(|p| p.id == id)
    }

    pub fn pack_dir(&self, id: &str) -> Option<PathBuf> {
        self.pack(id).map(|p| self.root.join(&p.id))
    }
}

pub type Shared = Arc<State>;

/// The packs of `root`: each subfolder with a `pack.yaml` (or `root` itself
/// when it is a pack), loaded and checked; a pack that does not load stops
/// the server with the CLI's messages.
pub fn load_packs(root: &Path, limits: &ScriptLimits, lang: Lang) -> Result<Vec<Served>, AppError> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .map_err(|e| AppError::Input { path: root.to_path_buf(), detail: e.to_string() })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("pack.yaml").is_file())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for d in dirs {
        let cp = crate::app::load_pack(&d, limits)?;
        let id = d.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Named as a run's manifest names them: relative to the root.
        let hashes = crate::audit::manifest::hash_files_as(cp.pack.input_files().iter().map(PathBuf::as_path), |p| {
            p.strip_prefix(root).unwrap_or(p).display().to_string()
        });
        out.push(Served { id, cp, hashes });
    }
    if out.is_empty() {
        return Err(AppError::Input {
            path: root.to_path_buf(),
            detail: lang
                .pick("không có bộ quy tắc nào (thư mục con có pack.yaml)", "no rule pack (a subfolder with pack.yaml)")
                .into(),
        });
    }
    Ok(out)
}

/// The application: pages, API, assets.
pub fn router(state: Shared) -> Router {
    let lang = state.lang;
    let upload_limit = usize::try_from(state.data_limits.max_file_bytes).unwrap_or(usize::MAX).saturating_add(1 << 20);
    Router::new()
        .route("/", get(pages::index))
        .route("/thidua.css", get(pages::stylesheet))
        .route("/thidua.js", get(pages::script))
        .route("/goi/{pack}", get(pages::pack))
        .route("/goi/{pack}/danh-hieu/{award}", get(pages::award))
        .route("/goi/{pack}/bang-diem/{scorecard}", get(pages::scorecard))
        .route("/goi/{pack}/kiem-tra/{dataset}", get(form::page).post(form::verdict))
        .route("/goi/{pack}/tai-len", get(pages::upload_page).post(pages::upload))
        .route("/goi/{pack}/mau/{file}", get(sheets::template))
        .route("/goi/{pack}/trang-tinh", axum::routing::post(sheets::list))
        .route("/nam/{year}", get(year::year_page).post(year::run_year))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/packs", get(api::packs))
        .route("/api/v1/packs/{pack}", get(api::describe))
        .route("/api/v1/packs/{pack}/check", axum::routing::post(api::check))
        .route("/api/v1/packs/{pack}/score", axum::routing::post(api::score))
        .merge(round::routes())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(move |req, next| too_large(req, next, upload_limit, lang)))
        .layer(DefaultBodyLimit::max(upload_limit))
        .with_state(state)
}

/// Refuses a request whose declared length is past the limit before reading
/// any of it (a body without a length is cut at the limit as it is read).
async fn too_large(
    req: axum::extract::Request,
    next: axum::middleware::Next,
    limit: usize,
    lang: Lang,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        let mb = limit >> 20;
        return (
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            match lang {
                Lang::Vi => format!("tệp tải lên quá {mb} MB (--max-file-mb)\n"),
                Lang::En => format!("upload larger than {mb} MB (--max-file-mb)\n"),
            },
        )
            .into_response();
    }
    next.run(req).await
}

/// Loads the packs, binds and serves until interrupted.
pub fn serve(opts: ServeOptions) -> Result<(), AppError> {
    let packs = load_packs(&opts.root, &opts.limits, opts.lang)?;
    let years = year::load_years(&opts.root, (&opts.limits, opts.lang))?;
    let state = Arc::new(State {
        root: opts.root.clone(),
        packs,
        years,
        lang: opts.lang,
        limits: opts.limits,
        data_limits: opts.data_limits,
        timeout: opts.timeout,
        gate: Arc::new(tokio::sync::Semaphore::new(opts.concurrent.max(1))),
        intake: Arc::new(tokio::sync::Semaphore::new(opts.concurrent.max(1))),
        store: match &opts.store {
            Some(p) => Some(Arc::new(admin::open(p)?)),
            None => None,
        },
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| AppError::Input { path: opts.root.clone(), detail: e.to_string() })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(opts.bind).await.map_err(|e| AppError::Listen {
            addr: opts.bind.to_string(),
            kind: e.kind(),
            detail: e.to_string(),
        })?;
        let addr = listener.local_addr().unwrap_or(opts.bind);
        // The first line says where to go (tests read the port from it).
        println!("{} http://{addr}/", opts.lang.pick("thidua đang phục vụ tại", "thidua serving at"));
        accept(listener, router(state)).await;
        Ok(())
    })
}

/// How long a client may take to send a request's headers: a connection
/// opened and left half-sent is closed, so idle sockets cannot pile up until
/// the server answers nobody.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections open at a time; more wait to be accepted.
pub const MAX_CONNECTIONS: usize = 512;

/// Serves connections until interrupted: each with a header-read timeout,
/// at most [`MAX_CONNECTIONS`] at a time (hyper's own loop, which
/// `axum::serve` runs without either).
async fn accept(listener: tokio::net::TcpListener, app: Router) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower_service::Service as _;
    let open = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        let Ok(slot) = open.clone().acquire_owned().await else { return };
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(s) => s,
                // Out of descriptors or a reset before accept: try again shortly.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => return,
        };
        let app = app.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let mut app = app.clone();
                async move { app.call(req.map(axum::body::Body::new)).await }
            });
            // HTTP/1 only: the version sniffing of hyper's `auto` builder
            // waits for a first byte without any timeout.
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
            let _ = builder.serve_connection(TokioIo::new(stream), service).await;
            drop(slot);
        });
    }
}

/// Runs a blocking evaluation off the async threads, one of at most
/// `concurrent` at a time, answering `None` past the time limit (the run
/// itself is bounded by the rule limits and ends on its own). The slot goes
/// with the work, not with the answer: a run answered as too slow keeps it
/// until it stops, so `--concurrent` bounds the processor whatever the
/// time limit.
pub async fn bounded<T: Send + 'static>(state: &State, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let permit = state.gate.clone().acquire_owned().await.ok()?;
    let task = tokio::task::spawn_blocking(move || {
        let out = f();
        drop(permit);
        out
    });
    tokio::time::timeout(state.timeout, task).await.ok()?.ok()
}
