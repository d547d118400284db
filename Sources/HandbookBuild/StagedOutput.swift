import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The output folder's double: files are written into a staging folder beside the output,
/// which is swapped in only when the whole build succeeded, so a failed or interrupted build
/// never touches the output.
///
/// The staging folder is the output of the build before last, kept after each swap: writing
/// over existing files reuses their inodes, where creating 20,000 files and folders right
/// after deleting as many cost ext4 several seconds on the benchmark machine.
final class StagedOutput: Sendable {
    let output: URL
    let staging: URL
    private let previous: URL
    private let written = Mutex<Set<String>>([])

    /// Prepares the staging folder (reusing the last one if it is there).
    init(output: URL) throws {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).staging")
        previous = parent.appendingPathComponent(".\(self.output.lastPathComponent).swap")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
    }

    /// Writes one file into the staging folder; safe to call from many threads.
    func write(_ path: String, _ data: Data) throws {
        let full = staging.path + "/" + path
        try Self.makeParents(of: full)
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(path: path, code: errno) }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(path: path, code: errno)
                }
                offset += n
            }
        }
        written.withLock { _ = $0.insert(path) }
    }

    /// Copies a file from the content folder into the staging folder.
    func copy(from source: URL, to path: String) throws {
        try write(path, try Data(contentsOf: source))
    }

    /// Removes what an older build left in staging, then swaps staging in for the output.
    func commit() throws {
        let keep = written.withLock { $0 }
        prune(keep: keep)
        let fm = FileManager.default
        try? fm.removeItem(at: previous)
        if fm.fileExists(atPath: output.path) {
            try fm.moveItem(at: output, to: previous)
            do {
                try fm.moveItem(at: staging, to: output)
            } catch {
                try? fm.moveItem(at: previous, to: output)
                throw error
            }
            // The old output becomes the next build's staging folder.
            try? fm.moveItem(at: previous, to: staging)
        } else {
            try fm.moveItem(at: staging, to: output)
        }
    }

    /// How many files this build wrote.
    var count: Int { written.withLock { $0.count } }

    private func prune(keep: Set<String>) {
        let fm = FileManager.default
        let base = staging.path
        guard let walker = fm.enumerator(atPath: base) else { return }
        var folders: [String] = []
        while let relative = walker.nextObject() as? String {
            let full = base + "/" + relative
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                folders.append(full)
            } else if !keep.contains(relative) {
                unlink(full)
            }
        }
        // Deepest first, so emptied parents go too; rmdir fails harmlessly on non-empty ones.
        for folder in folders.sorted(by: { $0.count > $1.count }) { rmdir(folder) }
    }

    private static func makeParents(of file: String) throws {
        guard let slash = file.lastIndex(of: "/") else { return }
        let folder = String(file[..<slash])
        if mkdir(folder, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw POSIXError(path: folder, code: errno) }
        try makeParents(of: folder)
        if mkdir(folder, 0o755) != 0, errno != EEXIST { throw POSIXError(path: folder, code: errno) }
    }

    struct POSIXError: LocalizedError {
        var path: String
        var code: Int32
        var errorDescription: String? { "\(path): \(String(cString: strerror(code)))" }
    }
}

/// `write(2)`, named apart from `StagedOutput.write`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
