//! Writing results: whole or not at all, never over an input, never over a
//! device, and never lost.
//!
//! A regular file (or a path that does not exist yet) is written to a
//! temporary file beside it and renamed into place; a symbolic link to a
//! regular file has its target replaced, the link kept. A device or a pipe
//! (`/dev/null`, a FIFO, `/proc/self/fd/1`) is written through, never
//! replaced. `-` is standard output. Every write is checked: a full disk or
//! a closed pipe is exit 7, and the manifest is written only after the
//! result it hashes has been delivered.

use crate::i18n::{Lang, Localized};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputError {
    /// A binary format (xlsx) cannot go to the terminal.
    NeedsFile,
    WouldOverwriteInput(PathBuf),
    /// `thidua new` into a folder that exists already.
    FolderExists(PathBuf),
    /// Two outputs of one run named the same file.
    SamePath {
        first: &'static str,
        second: &'static str,
        path: PathBuf,
    },
    Write {
        path: PathBuf,
        detail: String,
    },
}

impl Localized for OutputError {
    fn render(&self, lang: Lang) -> String {
        match self {
            OutputError::NeedsFile => {
                lang.pick("--format xlsx cần --output TỆP.xlsx", "--format xlsx needs --output FILE.xlsx").to_string()
            }
            OutputError::FolderExists(p) => match lang {
                Lang::Vi => format!("{}: thư mục đã có; chọn một thư mục mới (không ghi đè gì)", p.display()),
                Lang::En => format!("{}: the folder exists; choose a new one (nothing is overwritten)", p.display()),
            },
            OutputError::WouldOverwriteInput(p) => match lang {
                Lang::Vi => format!("{}: tệp kết quả trùng với một tệp đầu vào; không ghi đè dữ liệu gốc", p.display()),
                Lang::En => format!("{}: the output file is one of the inputs; refusing to overwrite it", p.display()),
            },
            OutputError::SamePath { first, second, path } => match lang {
                Lang::Vi => format!(
                    "{first} và {second} cùng là {}: một tệp sẽ ghi đè tệp kia; đặt cho mỗi đầu ra một tên riêng",
                    path.display()
                ),
                Lang::En => format!(
                    "{first} and {second} are both {}: one would overwrite the other; give each output its own name",
                    path.display()
                ),
            },
            OutputError::Write { path, detail } => {
                let place = match path.as_os_str() == "-" {
                    true => lang.pick("đầu ra chuẩn", "standard output").to_string(),
                    false => path.display().to_string(),
                };
                match lang {
                    Lang::Vi => format!("{place}: không ghi được kết quả: {detail}"),
                    Lang::En => format!("{place}: cannot write the output: {detail}"),
                }
            }
        }
    }
}

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `-`: standard output.
    Stdout,
    /// An existing device, pipe or socket: written through, never replaced.
    Through(PathBuf),
    /// A regular file, existing or not (a link resolved to its target):
    /// written beside it and renamed into place.
    Replace(PathBuf),
}

/// What `path` names, following symbolic links.
pub fn target(path: &Path) -> Target {
    if path.as_os_str() == "-" {
        return Target::Stdout;
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Target::Replace(path.canonicalize().unwrap_or_else(|_| path.to_path_buf())),
        Ok(m) if !m.is_dir() => Target::Through(path.to_path_buf()),
        _ => Target::Replace(path.to_path_buf()),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The file an output path will be, for comparing two outputs that may not
/// exist yet: its folder resolved, its name kept.
fn identity(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    dir.join(path.file_name().unwrap_or_default())
}

/// Refuses two outputs of one run on the same file (standard output may be
/// named once).
pub fn distinct(outputs: &[(&'static str, Option<&Path>)]) -> Result<(), OutputError> {
    let named: Vec<(&'static str, &Path)> = outputs.iter().filter_map(|(f, p)| p.map(|p| (*f, p))).collect();
    for (i, (fa, a)) in named.iter().enumerate() {
        for (fb, b) in &named[i + 1..] {
            let both_stdout = a.as_os_str() == "-" && b.as_os_str() == "-";
            let one_stdout = a.as_os_str() == "-" || b.as_os_str() == "-";
            if both_stdout || (!one_stdout && identity(a) == identity(b)) {
                return Err(OutputError::SamePath { first: fa, second: fb, path: b.to_path_buf() });
            }
        }
    }
    Ok(())
}

/// Temporary files not yet renamed into place: removed if the run is
/// interrupted (see [`remove_pending`]).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes the temporary files of this run; called on SIGINT and SIGTERM.
pub fn remove_pending() {
    for p in pending().drain(..) {
        let _ = std::fs::remove_file(p);
    }
}

/// The start of every temporary file's name for `path`: `.<name>.thidua-`;
/// the process id follows, so a later run knows whose leftover it sees.
fn temp_stem(path: &Path) -> String {
    format!(".{}.thidua-", path.file_name().unwrap_or_default().to_string_lossy())
}

/// Removes temporary files left beside `path` by runs that no longer exist
/// (killed before they could clean up).
fn remove_leftovers(dir: &Path, path: &Path) {
    // Whether a process is alive is read from /proc: where there is none,
    // a running process's file could not be told from a dead one's.
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let stem = temp_stem(path);
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(rest) = name.strip_prefix(&stem) else { continue };
        let Some((pid, _)) = rest.split_once('-') else { continue };
        let alive = pid.parse::<u32>().is_ok_and(|p| Path::new(&format!("/proc/{p}")).exists());
        if !alive && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A temporary file that becomes an output at [`commit`].
pub struct Pending {
    file: tempfile::NamedTempFile,
    early: Option<EarlySync>,
}

impl Pending {
    pub fn as_file_mut(&mut self) -> &mut std::fs::File {
        self.file.as_file_mut()
    }
    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// From now until [`commit`], makes what has been written durable as
    /// the run goes on, so that the sync at [`commit`] waits only for the
    /// last part (for a large streamed result, most of that wait). Without
    /// a second handle on the file, nothing changes.
    pub fn sync_as_written(&mut self) {
        if self.early.is_none() {
            self.early = self.file.as_file().try_clone().ok().map(EarlySync::start);
        }
    }
}

/// The first pause between two syncs of a result being written, and the
/// longest.
const FIRST_SYNC_WAIT_MS: u64 = 2;
const SYNC_WAIT_MS: u64 = 40;

/// A thread that syncs a file every few tens of milliseconds. It waits on
/// the disk, not the processor. The first error it meets is kept for
/// [`commit`]: the system reports a failed write-back once only.
/// It syncs often at first (2, 4, 8 ... ms apart), so that a short run's
/// result is mostly on disk when it ends: 100,000 rows by subject waited
/// 4.5 ms for the last sync with 40 ms between syncs, 2–4 ms with these.
/// Past that, every [`SYNC_WAIT_MS`]: syncing without pause made 2,000,000
/// rows 25 % slower.
struct EarlySync {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl EarlySync {
    fn start(file: std::fs::File) -> EarlySync {
        use std::sync::atomic::Ordering;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut wait = FIRST_SYNC_WAIT_MS;
            while !stopped.load(Ordering::Acquire) {
                file.sync_data()?;
                std::thread::park_timeout(std::time::Duration::from_millis(wait));
                wait = (wait * 2).min(SYNC_WAIT_MS);
            }
            Ok(())
        });
        EarlySync { stop, thread: Some(thread) }
    }

    /// Stops the thread; the first error it met, if any.
    fn finish(mut self) -> std::io::Result<()> {
        self.stop.store(true, std::sync::atomic::Ordering::Release);
        let Some(t) = self.thread.take() else { return Ok(()) };
        t.thread().unpark();
        t.join().unwrap_or_else(|_| Err(std::io::Error::other("sync thread failed")))
    }
}

/// A run that ends without committing (an error) stops the thread too.
impl Drop for EarlySync {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Release);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

/// A temporary file beside `path` to write a result into, refused when
/// `path` is one of the inputs. [`commit`] renames it over `path`.
/// Created with the permissions a new file gets (the umask applies).
pub fn begin(path: &Path, inputs: &[PathBuf]) -> Result<Pending, OutputError> {
    if inputs.iter().any(|i| same_file(i, path)) {
        return Err(OutputError::WouldOverwriteInput(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    remove_leftovers(dir, path);
    #[cfg(unix)]
    let perms = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666)
    };
    let mut b = tempfile::Builder::new();
    let prefix = format!("{}{}-", temp_stem(path), std::process::id());
    b.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    b.permissions(perms);
    let file = b.tempfile_in(dir).map_err(|e| write_error(path, e))?;
    pending().push(file.path().to_path_buf());
    Ok(Pending { file, early: None })
}

fn write_error(path: &Path, e: std::io::Error) -> OutputError {
    OutputError::Write { path: path.to_path_buf(), detail: e.to_string() }
}

/// Makes a file started with [`begin`] durable and puts it in place, so a
/// reader sees the old file or the new one, never half of one.
pub fn commit(mut tmp: Pending, path: &Path) -> Result<(), OutputError> {
    let tmp_path = tmp.path().to_path_buf();
    if let Some(early) = tmp.early.take() {
        early.finish().map_err(|e| write_error(path, e))?;
    }
    // While the processor waits on the disk for the new file, the old one's
    // cached pages are let go of: replacing it then frees only its blocks
    // (a national result's 150 MB of cache took 10 of the rename's 28 ms).
    let (synced, ()) = rayon::join(|| tmp.file.as_file().sync_all(), || forget_cached(path));
    synced.map_err(|e| write_error(path, e))?;
    let result = tmp.file.persist(path).map(|_| ()).map_err(|e| write_error(path, e.error));
    pending().retain(|p| *p != tmp_path);
    result
}

/// Asks the system to drop the cached pages of the regular file at `path`,
/// if there is one: the result about to be replaced. Its contents stay as
/// they are on disk; a failure changes nothing but the time. Opened without
/// waiting (a pipe put there meanwhile) and without following a link (a
/// link is replaced, not the file it names).
#[cfg(target_os = "linux")]
fn forget_cached(path: &Path) {
    use rustix::fs::{Advice, Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let Ok(fd) = rustix::fs::open(path, flags, Mode::empty()) else { return };
    if rustix::fs::fstat(&fd).is_ok_and(|st| rustix::fs::FileType::from_raw_mode(st.st_mode).is_file()) {
        let _ = rustix::fs::fadvise(&fd, 0, None, Advice::DontNeed);
    }
}

#[cfg(not(target_os = "linux"))]
fn forget_cached(_: &Path) {}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<(), OutputError> {
    let mut tmp = begin(path, inputs)?;
    tmp.as_file_mut().write_all(bytes).map_err(|e| write_error(path, e))?;
    commit(tmp, path)
}

/// Writes `bytes` to standard output, checking that they got there.
pub fn to_stdout(bytes: &[u8]) -> Result<(), OutputError> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|_| out.flush()).map_err(|e| write_error(Path::new("-"), e))
}

/// Delivers a finished output to where `path` points: standard output,
/// through a device or pipe, or whole into a regular file.
pub fn deliver(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<(), OutputError> {
    match target(path) {
        Target::Stdout => to_stdout(bytes),
        Target::Through(p) => {
            if inputs.iter().any(|i| same_file(i, &p)) {
                return Err(OutputError::WouldOverwriteInput(p));
            }
            let mut f = std::fs::OpenOptions::new().write(true).open(&p).map_err(|e| write_error(&p, e))?;
            f.write_all(bytes).and_then(|_| f.flush()).map_err(|e| write_error(&p, e))
        }
        Target::Replace(p) => write_atomic(&p, bytes, inputs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_synced_as_it_is_written_is_committed_whole_and_an_abandoned_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ket_qua.csv");
        let mut tmp = begin(&path, &[]).unwrap();
        tmp.sync_as_written();
        for i in 0..200 {
            writeln!(tmp.as_file_mut(), "dòng {i}").unwrap();
        }
        commit(tmp, &path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 200);
        assert!(text.ends_with("dòng 199\n"));

        let other = dir.path().join("bo_do.csv");
        let mut tmp = begin(&other, &[]).unwrap();
        tmp.sync_as_written();
        tmp.as_file_mut().write_all(b"half").unwrap();
        drop(tmp); // its sync thread stops; the file never appears
        assert!(!other.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_result_replaced_is_only_forgotten_from_the_cache_and_a_pipe_never_waits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ket_qua.csv");
        std::fs::write(&path, "cũ\n").unwrap();
        forget_cached(&path);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "cũ\n");
        // Replacing it: the new contents, whole.
        write_atomic(&path, "mới\n".as_bytes(), &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mới\n");
        forget_cached(&dir.path().join("khong_co.csv"));
        // A pipe with no writer: opened for reading without waiting, this
        // returns at once (a blocking open would hang the test).
        #[cfg(target_os = "linux")]
        {
            let fifo = dir.path().join("ong");
            rustix::fs::mknodat(
                rustix::fs::CWD,
                &fifo,
                rustix::fs::FileType::Fifo,
                rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
                0,
            )
            .unwrap();
            forget_cached(&fifo);
        }
    }
}
