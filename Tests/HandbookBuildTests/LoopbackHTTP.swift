import Foundation

#if canImport(Glibc)
    import Glibc
    private let streamSocket = Int32(SOCK_STREAM.rawValue)
#elseif canImport(Darwin)
    import Darwin
    private let streamSocket = SOCK_STREAM
#endif

/// A static file server on 127.0.0.1 for tests, as a static host serves a site: files by path,
/// `index.html` for folders, and one 404 page for every missing address. Foundation has no
/// server on Linux, and a test must not depend on anything outside the repository, so it is
/// written here: one connection at a time, HTTP/1.0, GET and HEAD.
final class LoopbackServer: @unchecked Sendable {
    /// The port the system chose.
    let port: UInt16
    private let listener: Int32
    private let root: URL
    private let notFound: URL?
    private let finished = DispatchSemaphore(value: 0)

    /// Serves `root` at `/`; `notFound` is the body of every 404.
    init(root: URL, notFound: URL?) throws {
        self.root = root.standardizedFileURL
        self.notFound = notFound
        let listener = socket(AF_INET, streamSocket, 0)
        guard listener >= 0 else { throw POSIXError(.EIO) }
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in serve() }.start()
    }

    /// Stops accepting and waits for the server's thread to end.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        finished.wait()
        close(listener)
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { break }
            handle(connection)
            close(connection)
        }
        finished.signal()
    }

    private func handle(_ connection: Int32) {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.count < 16384, request.suffix(4) != [13, 10, 13, 10] {
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { break }
            request += buffer[..<count]
        }
        let line = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self).split(separator: " ")
        guard line.count == 3, line[0] == "GET" || line[0] == "HEAD" else {
            respond(connection, status: "400 Bad Request", type: "text/plain", body: Data(), head: false)
            return
        }
        let head = line[0] == "HEAD"
        let target = line[1].split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        let path = target.removingPercentEncoding ?? target
        guard path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            respond(connection, status: "400 Bad Request", type: "text/plain", body: Data(), head: head)
            return
        }
        var file = root.appendingPathComponent(String(path.dropFirst()))
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), isFolder.boolValue {
            guard path.hasSuffix("/") else {
                respond(connection, status: "301 Moved Permanently", type: "text/plain", body: Data(), head: head, location: path + "/")
                return
            }
            file = file.appendingPathComponent("index.html")
        }
        if let data = FileManager.default.contents(atPath: file.path) {
            respond(connection, status: "200 OK", type: Self.type(of: file.pathExtension), body: data, head: head)
        } else {
            let body = notFound.flatMap { FileManager.default.contents(atPath: $0.path) } ?? Data("not found".utf8)
            respond(connection, status: "404 Not Found", type: "text/html; charset=utf-8", body: body, head: head)
        }
    }

    private func respond(_ connection: Int32, status: String, type: String, body: Data, head: Bool, location: String? = nil) {
        var header = "HTTP/1.0 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        if let location { header += "Location: \(location)\r\n" }
        header += "\r\n"
        var bytes = Data(header.utf8)
        if !head { bytes += body }
        bytes.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let count = write(connection, raw.baseAddress! + sent, raw.count - sent)
                if count <= 0 { return }
                sent += count
            }
        }
    }

    static func type(of pathExtension: String) -> String {
        switch pathExtension {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "xml": return "application/xml"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}

/// A response of `LoopbackClient`.
struct LoopbackResponse {
    var status: Int
    var headers: [String: String]
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// The smallest HTTP client: connects to 127.0.0.1 only, so a crawl can never leave the
/// machine whatever the pages link to, and proxies in the environment do not matter.
enum LoopbackClient {
    static func request(_ method: String = "GET", port: UInt16, path: String) throws -> LoopbackResponse {
        let connection = socket(AF_INET, streamSocket, 0)
        guard connection >= 0 else { throw POSIXError(.EIO) }
        defer { close(connection) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(connection, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let request = Array("\(method) \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard write(connection, request, request.count) == request.count else { throw POSIXError(.EIO) }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(connection, &buffer, buffer.count)
            if count < 0 { throw POSIXError(.ETIMEDOUT) }
            if count == 0 { break }
            response.append(contentsOf: buffer[..<count])
        }
        guard let end = response.firstRange(of: Data("\r\n\r\n".utf8)) else { throw POSIXError(.EPROTO) }
        let lines = String(decoding: response[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return LoopbackResponse(status: status, headers: headers, body: Data(response[end.upperBound...]))
    }
}
