import Foundation
import Synchronization

/// Where a build's files go: the one interface through which the pipeline reaches the disk.
/// `build` writes a staged folder (`StagedOutput`), `serve` keeps the site in memory
/// (`MemoryOutput`), and `check` writes nothing (`NullOutput`). Every method may be called
/// from many threads at once.
package protocol SiteOutput: Sendable {
    /// Puts a text file at `path` (relative, `/`-separated).
    func write(_ path: String, _ text: String)
    /// Puts a file at `path`.
    func write(_ path: String, _ data: Data)
    /// Puts a copy of the file at `source` (under Content/, or the output folder's) at `path`.
    func copy(from source: URL, to path: String)
    /// Counts the file at `path` as written: it is already there, as this build would write it
    /// (a page the staging tree holds from an earlier build; see `PageReuse`).
    func keep(_ path: String)
}

extension StagedOutput: SiteOutput {}

/// The site kept in memory, for the preview server and for tests.
package final class MemoryOutput: SiteOutput {
    private let storage = Mutex<[String: Data]>([:])

    /// An empty site.
    package init() {}

    package func write(_ path: String, _ text: String) { storage.withLock { $0[path] = Data(text.utf8) } }
    package func write(_ path: String, _ data: Data) { storage.withLock { $0[path] = data } }
    /// Never called: pages are taken from earlier builds only on disk.
    package func keep(_ path: String) {}
    package func copy(from source: URL, to path: String) {
        // A file that vanished since the load step is simply missing from the preview.
        guard let data = try? Data(contentsOf: source) else { return }
        storage.withLock { $0[path] = data }
    }

    /// Every file written, by path.
    package var files: [String: Data] { storage.withLock { $0 } }
}

/// Writes nothing: `handbook check` runs every step but this.
package struct NullOutput: SiteOutput {
    /// The one output that discards.
    package init() {}

    package func write(_ path: String, _ text: String) {}
    package func write(_ path: String, _ data: Data) {}
    package func copy(from source: URL, to path: String) {}
    package func keep(_ path: String) {}
}
