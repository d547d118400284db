import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The output folder's double: files are written into the staging tree of the work folder
/// beside the output, which `OutputFolder` swaps in only when the whole build succeeded, so a
/// failed or interrupted build never touches the output.
///
/// The staging tree is the site of the build before last, kept after each swap: writing over
/// existing files reuses their inodes and leaves unchanged ones alone, where creating 20,000
/// files and folders cost far more on every file system measured.
final class StagedOutput: Sendable {
    let staging: URL
    private let written = Mutex<Set<String>>([])
    /// Whether the staging folder started empty, so there is nothing old to update or prune.
    let startedEmpty: Bool
    private let firstFailure = Mutex<POSIXError?>(nil)

    /// Writes into the staging tree at `staging`, which must exist.
    init(staging: URL) {
        self.staging = staging
        startedEmpty = DirectoryEntry.list(staging.path, followingLinks: false)?.isEmpty ?? true
    }

    /// Writes one file into the staging folder; safe to call from many threads. The first
    /// failure is kept for `failure` and later writes are skipped: a full disk is one error,
    /// not one per page.
    ///
    /// A reused staging folder holds the build before last, mostly the same bytes: a file
    /// that is already right is left alone, and one that changed is overwritten in place.
    /// Truncating instead made ext4 discard the freed blocks and flush the file on close,
    /// which waited on the disk for every page.
    func write(_ path: String, _ data: Data) {
        recordingFailure { try data.withUnsafeBytes { try write(path, $0) } }
    }

    /// Writes one text file, straight from the string's UTF-8 storage.
    func write(_ path: String, _ text: String) {
        var text = text
        recordingFailure { try text.withUTF8 { try write(path, UnsafeRawBufferPointer($0)) } }
    }

    /// Copies a file from the content folder into the staging folder.
    func copy(from source: URL, to path: String) {
        recordingFailure {
            let data = try Self.contentsOfFile(source.path)
            try data.withUnsafeBytes { try write(path, $0) }
        }
    }

    /// Counts a file the staging tree already holds as written, so `finish` keeps it.
    func keep(_ path: String) {
        written.withLock { _ = $0.insert(path) }
    }

    /// A whole file's bytes, or the error that names it.
    private static func contentsOfFile(_ path: String) throws -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(path: path, code: errno) }
        defer { close(fd) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXError(path: path, code: errno)
            }
            if n == 0 { return data }
            data.append(contentsOf: chunk[..<n])
        }
    }

    /// The first write that failed, if any.
    var failure: POSIXError? { firstFailure.withLock { $0 } }

    private func recordingFailure(_ body: () throws -> Void) {
        if firstFailure.withLock({ $0 != nil }) { return }
        do {
            try body()
        } catch let error as POSIXError {
            firstFailure.withLock { if $0 == nil { $0 = error } }
        } catch {
            firstFailure.withLock { if $0 == nil { $0 = POSIXError(path: staging.path, code: EIO) } }
        }
    }

    private func write(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        let full = staging.path + "/" + path
        let updated = try !startedEmpty && Self.updateExisting(full, with: bytes, path: full)
        if !updated {
            try makeParents(of: full)
            let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw POSIXError(path: full, code: errno) }
            defer { close(fd) }
            try Self.writeAll(fd, bytes, path: full)
        }
        written.withLock { _ = $0.insert(path) }
        FaultInjection.reached("write")
    }

    /// Updates the file at `full` if it exists; false when it does not.
    private static func updateExisting(_ full: String, with bytes: UnsafeRawBufferPointer, path: String) throws -> Bool {
        let fd = open(full, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return false }
            throw POSIXError(path: path, code: errno)
        }
        defer { close(fd) }
        try update(fd, with: bytes, path: path)
        return true
    }

    /// Makes an open file hold `bytes`, writing only when it does not already.
    private static func update(_ fd: Int32, with bytes: UnsafeRawBufferPointer, path: String) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw POSIXError(path: path, code: errno) }
        if Int(info.st_size) == bytes.count, try contents(of: fd, count: bytes.count, path: path, equal: bytes) { return }
        try writeAll(fd, bytes, path: path)
        if Int(info.st_size) > bytes.count, ftruncate(fd, off_t(bytes.count)) != 0 { throw POSIXError(path: path, code: errno) }
    }

    /// Whether the file's first `count` bytes are `expected`.
    private static func contents(of fd: Int32, count: Int, path: String, equal expected: UnsafeRawBufferPointer) throws -> Bool {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < count {
            let n = pread(fd, buffer.baseAddress! + offset, count - offset, off_t(offset))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return count == 0 || memcmp(buffer.baseAddress!, expected.baseAddress!, count) == 0
    }

    /// Writes all of `bytes` from the start of the file.
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + offset, bytes.count - offset, off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXError(path: path, code: errno)
            }
            offset += n
        }
    }

    /// Removes what an older build left in staging; then staging holds exactly this build.
    func finish() -> Set<String> {
        let keep = written.withLock { $0 }
        pruned.store(true, ordering: .sequentiallyConsistent)
        if !startedEmpty { prune(keep: keep) }
        return keep
    }

    /// Whether `finish` ran: then the staging tree holds this build's files and no others.
    var holdsOnlyThisBuild: Bool { pruned.load(ordering: .sequentiallyConsistent) }
    private let pruned = Atomic<Bool>(false)

    /// How many files this build wrote.
    var count: Int { written.withLock { $0.count } }

    /// Every path this build wrote, copied or kept so far.
    var paths: Set<String> { written.withLock { $0 } }

    /// Deletes every file under staging that this build did not write, and the folders left
    /// empty.
    private func prune(keep: Set<String>) {
        func walk(_ path: String, _ prefix: String) {
            // A dot entry at the top is the user's, left here by a build killed in its swap:
            // OutputFolder puts it back or reports it, and it is never deleted.
            let entries = (DirectoryEntry.list(path, followingLinks: false) ?? []).filter { !(prefix.isEmpty && $0.name.hasPrefix(".")) }
            for entry in entries where entry.kind != .folder && !keep.contains(prefix + entry.name) {
                unlink(path + "/" + entry.name)
            }
            // Children first, so a folder emptied here goes too; rmdir fails harmlessly on the rest.
            for entry in entries where entry.kind == .folder {
                walk(path + "/" + entry.name, prefix + entry.name + "/")
                rmdir(path + "/" + entry.name)
            }
        }
        walk(staging.path, "")
    }

    private func makeParents(of file: String) throws {
        guard let slash = file.lastIndex(of: "/") else { return }
        let folder = String(file[..<slash])
        if makeFolder(folder) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw POSIXError(path: folder, code: errno) }
        try makeParents(of: folder)
        if makeFolder(folder) != 0, errno != EEXIST { throw POSIXError(path: folder, code: errno) }
    }

    private func makeFolder(_ folder: String) -> Int32 { mkdir(folder, 0o755) }

    /// A system call that failed on a path.
    struct POSIXError: Error, Sendable {
        var path: String
        var code: Int32
    }
}
