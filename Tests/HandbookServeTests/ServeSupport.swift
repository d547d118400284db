import Foundation
import HandbookBuild
import Synchronization
import Testing

@testable import HandbookServe

#if canImport(Glibc)
    import Glibc
#endif

/// Folders, the fixture site and the `handbook` binary, for the preview's tests.
enum ServeFixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let site = repository.appendingPathComponent("Tests/Fixtures/site")

    /// Binds and listens on a free loopback port, as another program holding it would; the
    /// caller closes the socket.
    static func holdPort() throws -> (socket: Int32, port: Int) {
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(holder, $0, length) == 0 && listen(holder, 1) == 0 && getsockname(holder, $0, &length) == 0
            }
        }
        guard bound else {
            close(holder)
            throw RawHTTP.Failure(description: "could not hold a loopback port")
        }
        return (holder, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// The `handbook` executable built with these tests, beside the test bundle.
    static let handbookBinary: URL = {
        #if os(macOS)
            let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") } ?? Bundle.main
            let products = bundle.bundleURL.deletingLastPathComponent()
        #else
            let products = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
                .resolvingSymlinksInPath().deletingLastPathComponent()
        #endif
        return products.appendingPathComponent("handbook")
    }()

    /// A fresh folder holding a copy of the fixture site in `site/` and, beside it, a file
    /// `secret.txt` that no request may ever read.
    static func makeSite(_ name: String = #function) throws -> (root: URL, secret: String) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-serve-\(safe)-\(UUID().uuidString)")
        let root = folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: site.appendingPathComponent("Content"), to: root.appendingPathComponent("Content"))
        let secret = "SECRET-\(UUID().uuidString)"
        try Data(secret.utf8).write(to: folder.appendingPathComponent("secret.txt"))
        return (root, secret)
    }

    /// Runs the `handbook` binary to the end.
    static func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await offPool { try runNow(arguments) }
    }

    private static func runNow(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try #require(FileManager.default.isExecutableFile(atPath: handbookBinary.path), "no handbook binary at \(handbookBinary.path)")
        let process = Process()
        process.executableURL = handbookBinary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

/// A preview server running in this process on a free loopback port, and what it reported.
final class RunningPreview: Sendable {
    let server: PreviewServer
    let port: Int
    private let task: Task<Void, any Error>
    private let messages: MessageLog

    private init(server: PreviewServer, port: Int, task: Task<Void, any Error>, messages: MessageLog) {
        self.server = server
        self.port = port
        self.task = task
        self.messages = messages
    }

    /// Starts a server on `root` and waits (at most 20 s) until it listens. Changes settle for
    /// 150 ms rather than 50 (5 after a whole save), so that a loaded machine does not split
    /// what a test writes 15 ms apart, standing for one save, into two rebuilds.
    static func start(_ root: URL, polling: Bool = false) async throws -> RunningPreview {
        var options = PreviewOptions(build: BuildOptions(root: root))
        options.port = 0
        options.polling = polling
        options.settle = .milliseconds(150)
        options.saved = .milliseconds(150)
        let log = MessageLog()
        let (listening, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = PreviewServer(options: options) { message in
            log.messages.withLock { $0.append(message) }
            if case .serving(let url) = message { continuation.yield(url.port ?? 0) }
        }
        let task = Task { try await server.run() }
        let port = try await withDeadline(.seconds(20)) { await listening.first { _ in true } }
        let unwrapped = try #require(port, "the server did not start")
        return RunningPreview(server: server, port: unwrapped, task: task, messages: log)
    }

    /// The generations of the builds so far, first build included.
    var generations: [Int] {
        messages.messages.withLock { messages in
            messages.compactMap { if case .built(let snapshot, _, _) = $0 { return snapshot.generation } else { return nil } }
        }
    }

    /// Waits (at most `limit`) until `generations.count` reaches `count`; true if it did.
    func waitForBuilds(_ count: Int, limit: Duration = .seconds(10)) async -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if generations.count >= count { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return generations.count >= count
    }

    /// Stops the server and waits (at most 5 s) for `run` to return.
    func stop() async throws {
        await server.stop()
        try await withDeadline(.seconds(5)) { _ = try await self.task.value }
    }

    /// A request to this server.
    func get(_ path: String, method: String = "GET") async throws -> HTTPResult {
        let port = self.port
        return try await offPool { try RawHTTP.request(method, path, port: port) }
    }
}

/// How editors save, on a thread of their own: the 15 ms between their two steps must be
/// 15 ms, not however long the test's task waits for one of the two threads of Swift's pool
/// (other suites build whole sites on them).
enum EditorSave {
    /// Writes a temporary file beside the page, then renames it over the page. The temporary
    /// name is one the build would read, unlike a hidden one.
    static func byRename(_ page: URL, _ text: String) async throws {
        try await offPool {
            let temporary = page.deletingLastPathComponent().appendingPathComponent(page.lastPathComponent + ".saving")
            try Data(text.utf8).write(to: temporary)
            usleep(15_000)
            guard rename(temporary.path, page.path) == 0 else { throw RawHTTP.Failure(description: "rename: \(errno)") }
        }
    }

    /// Writes the page twice, 15 ms apart.
    static func twice(_ page: URL, _ first: String, _ second: String) async throws {
        try await offPool {
            try Data(first.utf8).write(to: page)
            usleep(15_000)
            try Data(second.utf8).write(to: page)
        }
    }
}

/// What a server reported, in order.
final class MessageLog: Sendable {
    let messages = Mutex<[PreviewMessage]>([])
}

/// Runs blocking work (sockets, processes) on a thread of its own: the test's tasks share the
/// two threads of Swift's pool with the server under test, which must never wait for them.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// Runs `body`, failing if it takes longer than `limit`.
func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw DeadlineExceeded()
        }
        return value
    }
}

struct DeadlineExceeded: Error {}

/// A response as it came over the socket.
struct HTTPResult {
    var status: Int
    /// Header names lowercased.
    var headers: [String: String]
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A client that sends the request target exactly as given (no normalisation of `..`, `%2e`
/// or backslashes, unlike URLSession), to 127.0.0.1 only, with timeouts on every read.
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A connected socket with a receive timeout.
    static func connect(port: Int, timeout: Duration = .seconds(5)) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port): \(errno)")
        }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func send(_ fd: Int32, _ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else {
            throw Failure(description: "send: \(errno)")
        }
    }

    /// Reads what is there: nil at the end of the stream, empty data on a timeout.
    static func receive(_ fd: Int32) -> Data? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { return Data(buffer[..<count]) }
        return count == 0 ? nil : Data()
    }

    /// One request on its own connection, read to the end.
    static func request(_ method: String, _ target: String, port: Int) throws -> HTTPResult {
        let fd = try connect(port: port)
        defer { close(fd) }
        try send(fd, "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        var data = Data()
        let end = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < end, let chunk = receive(fd) { data.append(chunk) }
        return try parse(data)
    }

    static func parse(_ data: Data) throws -> HTTPResult {
        guard let split = data.firstRange(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no complete response head in \(data.count) bytes")
        }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(head[0])") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPResult(status: status, headers: headers, body: Data(data[split.upperBound...]))
    }
}

/// An open server-sent events stream, read as text. Its reads block, each on a thread of its
/// own, so they never hold up the server in the same process.
final class EventStreamClient: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var received = ""

    /// Everything received so far.
    var text: String { lock.withLock { received } }

    private init(fd: Int32) { self.fd = fd }

    /// Opens the stream and waits until the server says it is connected.
    static func open(port: Int, since: Int) async throws -> EventStreamClient {
        let fd = try RawHTTP.connect(port: port, timeout: .milliseconds(200))
        let client = EventStreamClient(fd: fd)
        try RawHTTP.send(fd, "GET /__handbook/events?since=\(since) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
        guard try await client.waitFor(": connected") else { throw RawHTTP.Failure(description: "no event stream: \(client.text)") }
        return client
    }

    deinit { close(fd) }

    /// Reads until the text received contains `needle` (true), the stream ends or `limit`
    /// passes (false).
    func waitFor(_ needle: String, limit: Duration = .seconds(10)) async throws -> Bool {
        try await offPool { self.read(until: { $0.contains(needle) }, limit: limit) }
    }

    /// Whether the server closed the stream within `limit`.
    func waitForEnd(limit: Duration) async throws -> Bool {
        try await offPool {
            var ended = false
            _ = self.read(until: { _ in false }, limit: limit, ended: &ended)
            return ended
        }
    }

    private func read(until done: (String) -> Bool, limit: Duration) -> Bool {
        var ended = false
        return read(until: done, limit: limit, ended: &ended)
    }

    private func read(until done: (String) -> Bool, limit: Duration, ended: inout Bool) -> Bool {
        let end = ContinuousClock.now + limit
        while !done(text) {
            guard ContinuousClock.now < end else { return false }
            guard let chunk = RawHTTP.receive(fd) else {
                ended = true
                return done(text)
            }
            lock.withLock { received += String(decoding: chunk, as: UTF8.self) }
        }
        return true
    }

    /// The `event:` names received so far, in order.
    var eventNames: [String] {
        // Split on any line break: the chunk sizes of the stream end in "\r\n", one Character.
        text.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) }
    }
}
