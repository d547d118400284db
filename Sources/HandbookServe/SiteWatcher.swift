import Foundation
import HandbookBuild
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Watches the folders a site is built from and reports what changed, in batches.
///
/// A batch is sent once the folders have been quiet for `settle` after a change, so an editor
/// that saves by writing a temporary file and renaming it over the page, or that writes a file
/// twice, causes one rebuild with the final content. When the last change was a page or
/// site.yml saved whole (closed after writing, or renamed into place) and no file is still
/// being written, the much shorter `saved` is enough: the preview shows a save at once. Paths are relative to the root
/// (`Content/roles/tpm.md`); a nil batch means anything may have changed (a folder was added,
/// moved or removed, or the kernel dropped events). Hidden files are left out, as the build
/// leaves them out.
final class SiteWatcher: Sendable {
    /// How changes are noticed.
    enum Mode: Sendable {
        /// Linux's inotify, falling back to polling where it cannot be used.
        case automatic
        /// A scan of every file's size, time and inode each `interval`.
        case polling
    }

    /// What to watch and how.
    struct Options: Sendable {
        var root: URL
        /// Folders under the root, watched with everything below them.
        var folders = ["Content", "Themes"]
        var mode = Mode.automatic
        /// How long the folders must be quiet before a batch is sent.
        var settle = Duration.milliseconds(50)
        /// How long they must be quiet after a page was saved whole.
        var saved = Duration.milliseconds(5)
        /// A batch is sent at the latest this long after its first change, even if changes go on.
        var longest = Duration.seconds(1)
        /// How often polling scans.
        var interval = Duration.milliseconds(500)
    }

    /// Which way the watcher ended up watching.
    let usesPolling: Bool

    private let stopped = Atomic(false)

    /// Starts watching at once; changes made after `init` returns are reported to `send`, one
    /// batch at a time, from the watcher's own thread.
    init(_ options: Options, send: @escaping @Sendable (Set<String>?) -> Void) {
        var inotify: InotifyWatch?
        if options.mode == .automatic { inotify = InotifyWatch.make(options) }
        usesPolling = inotify == nil
        let thread: Thread
        if let inotify {
            thread = Thread { [self] in inotify.run(until: { self.stopped.load(ordering: .relaxed) }, send: send) }
        } else {
            let polling = PollingWatch(options)
            thread = Thread { [self] in polling.run(until: { self.stopped.load(ordering: .relaxed) }, send: send) }
        }
        thread.name = "handbook-watch"
        thread.start()
    }

    /// Stops watching; no batch is sent a tenth of a second after.
    func stop() { stopped.store(true, ordering: .relaxed) }

}

/// Seconds on a monotonic clock, for the settle and longest windows.
private func now() -> ContinuousClock.Instant { .now }

/// Whether a file or folder name is one the build never reads.
private func isHidden(_ name: Substring) -> Bool { name.hasPrefix(".") }

/// inotify on every folder below the watched ones, and on the root for their appearance.
private final class InotifyWatch: @unchecked Sendable {
    // Touched only by the watcher thread after init.
    private let fd: Int32
    private let options: SiteWatcher.Options
    private var folders: [Int32: String] = [:]
    private var rootWatch: Int32 = -1
    /// Files written to and not closed yet.
    private var writing = Set<String>()
    /// Whether the latest event was a page or site.yml saved whole.
    private var lastWasSave = false

    private static let folderMask = UInt32(
        IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF
            | IN_ONLYDIR)
    private static let rootMask = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR)

    private init(fd: Int32, options: SiteWatcher.Options) {
        self.fd = fd
        self.options = options
    }

    /// Nil when inotify cannot be used here (not Linux, or out of instances or watches).
    static func make(_ options: SiteWatcher.Options) -> InotifyWatch? {
        #if os(Linux)
            let fd = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
            guard fd >= 0 else { return nil }
            // From here the watch owns the descriptor and closes it once, when it goes.
            let watch = InotifyWatch(fd: fd, options: options)
            watch.rootWatch = inotify_add_watch(fd, options.root.path, rootMask)
            // Out of watches (fs.inotify.max_user_watches): polling sees every file instead.
            guard watch.rootWatch >= 0, watch.addWatches() else { return nil }
            return watch
        #else
            return nil
        #endif
    }

    deinit { close(fd) }

    /// Watches every folder below the watched ones that is not watched yet; a folder watched
    /// before under another name (it was moved) gets its new name.
    /// False when the system ran out of watches.
    @discardableResult
    private func addWatches() -> Bool {
        var complete = true
        var seen = Set<Int32>()
        for folder in options.folders {
            complete = addWatches(options.root.appendingPathComponent(folder).path, relative: folder, seen: &seen) && complete
        }
        return complete
    }

    /// Links to folders are followed, as the build follows them; a folder met twice (a link
    /// loop) is watched once, since inotify gives the same watch to the same folder.
    private func addWatches(_ path: String, relative: String, seen: inout Set<Int32>) -> Bool {
        let wd = inotify_add_watch(fd, path, Self.folderMask)
        // A folder that does not exist (no Themes/) is watched from the root when it appears.
        guard wd >= 0 else { return errno != ENOSPC }
        guard seen.insert(wd).inserted else { return true }
        folders[wd] = relative
        var complete = true
        for entry in DirectoryEntry.list(path, followingLinks: true) ?? [] where entry.kind == .folder && !isHidden(entry.name[...]) {
            complete = addWatches(path + "/" + entry.name, relative: relative + "/" + entry.name, seen: &seen) && complete
        }
        return complete
    }

    func run(until stopped: () -> Bool, send: (Set<String>?) -> Void) {
        var batch: Set<String>? = []
        var pending = false
        var first = now()
        var last = now()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !stopped() {
            var waitMs: Int32 = 100
            if pending {
                let settleEnd = last + (lastWasSave && writing.isEmpty ? options.saved : options.settle)
                let longestEnd = first + options.longest
                let deadline = min(settleEnd, longestEnd)
                let remaining = now().duration(to: deadline)
                if remaining <= .zero {
                    send(batch)
                    batch = []
                    pending = false
                    writing = []
                    continue
                }
                waitMs = Int32(max(1, min(100, remaining.milliseconds)))
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, waitMs) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            var needsWatches = false
            let changed = buffer.withUnsafeBytes { raw in
                parse(raw.prefix(count), into: &batch, needsWatches: &needsWatches)
            }
            if needsWatches { addWatches() }
            if changed {
                if !pending { first = now() }
                pending = true
                last = now()
            }
        }
    }

    /// Adds the events in `raw` to the batch; true when one of them matters to the build.
    private func parse(_ raw: UnsafeRawBufferPointer.SubSequence, into batch: inout Set<String>?, needsWatches: inout Bool) -> Bool {
        var offset = raw.startIndex
        var changed = false
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= raw.endIndex {
            let wd = raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let length = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameBytes = raw[(offset + header)..<min(raw.endIndex, offset + header + length)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += header + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                batch = nil
                needsWatches = true
                changed = true
                continue
            }
            if mask & UInt32(IN_IGNORED) != 0 {
                folders.removeValue(forKey: wd)
                continue
            }
            if mask & UInt32(IN_MOVE_SELF) != 0, let moved = folders[wd] {
                // The watches below a moved folder still carry its old name: drop them all, and
                // watch again whatever is inside the watched folders now.
                for (watch, path) in folders where path == moved || path.hasPrefix(moved + "/") {
                    inotify_rm_watch(fd, watch)
                    folders.removeValue(forKey: watch)
                }
                batch = nil
                needsWatches = true
                changed = true
                continue
            }
            let isFolder = mask & UInt32(IN_ISDIR) != 0
            if wd == rootWatch {
                // Content/ or Themes/ appeared, went or was replaced.
                guard isFolder, options.folders.contains(name) else { continue }
                batch = nil
                needsWatches = true
                changed = true
                continue
            }
            guard let folder = folders[wd], !name.isEmpty, !isHidden(name[...]) else { continue }
            if isFolder {
                // Files inside a folder that arrives whole send no events of their own.
                guard mask & UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO) != 0 else { continue }
                batch = nil
                needsWatches = true
            } else {
                let path = folder + "/" + name
                batch?.insert(path)
                if mask & UInt32(IN_CREATE | IN_MODIFY) != 0 { writing.insert(path) }
                let whole = mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0
                if whole || mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 { writing.remove(path) }
                lastWasSave = whole && (name.hasSuffix(".md") || name.hasSuffix(".yml"))
            }
            changed = true
        }
        return changed
    }
}

/// A scan of sizes, times and inodes, where inotify is not available or not wanted.
private final class PollingWatch: @unchecked Sendable {
    private struct Stamp: Equatable {
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
        var inode: UInt64
    }

    // Touched only by the watcher thread after init.
    private let options: SiteWatcher.Options
    private var known: [String: Stamp]

    init(_ options: SiteWatcher.Options) {
        self.options = options
        known = [:]
        known = scan()
    }

    func run(until stopped: () -> Bool, send: (Set<String>?) -> Void) {
        var waited = Duration.zero
        while !stopped() {
            if waited < options.interval {
                let step = min(.milliseconds(100), options.interval - waited)
                Thread.sleep(forTimeInterval: step.seconds)
                waited += step
                continue
            }
            waited = .zero
            var batch = difference()
            guard !batch.isEmpty else { continue }
            // Changes keep coming while an editor saves: wait until a scan finds none.
            let first = now()
            while !stopped(), now() < first + options.longest {
                Thread.sleep(forTimeInterval: options.settle.seconds)
                let more = difference()
                if more.isEmpty { break }
                batch.formUnion(more)
            }
            send(batch)
        }
    }

    /// Paths added, removed or changed since the last scan.
    private func difference() -> Set<String> {
        let current = scan()
        var changed = Set(current.filter { known[$0.key] != $0.value }.keys)
        changed.formUnion(known.keys.filter { current[$0] == nil })
        known = current
        return changed
    }

    private func scan() -> [String: Stamp] {
        var result: [String: Stamp] = [:]
        // Links to folders are followed, as the build follows them, each folder once.
        var seen = Set<[UInt64]>()
        func walk(_ path: String, _ relative: String) {
            var info = stat()
            guard stat(path, &info) == 0, seen.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else { return }
            for entry in DirectoryEntry.list(path, followingLinks: true) ?? [] where !isHidden(entry.name[...]) {
                let child = path + "/" + entry.name, childRelative = relative + "/" + entry.name
                switch entry.kind {
                case .folder: walk(child, childRelative)
                case .file:
                    var info = stat()
                    guard stat(child, &info) == 0 else { continue }
                    result[childRelative] = Stamp(
                        size: Int64(info.st_size), seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec),
                        inode: UInt64(info.st_ino))
                case .link, .other: continue
                }
            }
        }
        for folder in options.folders { walk(options.root.appendingPathComponent(folder).path, folder) }
        return result
    }
}

extension Duration {
    /// Whole milliseconds, rounded up.
    fileprivate var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    /// Seconds as a floating-point number.
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
