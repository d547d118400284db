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
    /// Whether the staging folder started empty, so there is nothing old to prune.
    private let startedEmpty: Bool

    /// Prepares the staging folder (reusing the last one if it is there).
    init(output: URL) throws {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).staging")
        previous = parent.appendingPathComponent(".\(self.output.lastPathComponent).swap")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        startedEmpty = (try? FileManager.default.contentsOfDirectory(atPath: staging.path).isEmpty) ?? false
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
        if !startedEmpty { prune(keep: written.withLock { $0 }) }
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

    /// Deletes every file under staging that this build did not write, and the folders left
    /// empty; readdir's entry types spare a stat per file.
    private func prune(keep: Set<String>) {
        func walk(_ path: String, _ prefix: String) {
            guard let handle = opendir(path) else { return }
            var folders: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                    var info = stat()
                    isFolder = lstat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
                }
                if isFolder {
                    folders.append(name)
                } else if !keep.contains(prefix + name) {
                    unlink(path + "/" + name)
                }
            }
            closedir(handle)
            // Children first, so a folder emptied here goes too; rmdir fails harmlessly on the rest.
            for name in folders {
                walk(path + "/" + name, prefix + name + "/")
                rmdir(path + "/" + name)
            }
        }
        walk(staging.path, "")
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
