import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Finds the port to listen on before the server starts, so that a taken default port moves to
/// the next free one and a taken explicit port or an unusable host is a plain error.
enum PortChooser {
    /// Whether a socket could listen on an address.
    enum Probe: Equatable {
        case free
        case taken
        case unusable(String)
    }

    /// The port to listen on; reports each taken default port.
    static func choose(_ options: PreviewOptions, report: (PreviewMessage) -> Void) throws -> Int {
        let attempts = options.portIsExplicit || options.port == 0 ? 1 : max(1, options.portAttempts)
        for port in options.port..<min(65536, options.port + attempts) {
            switch probe(host: options.host, port: port) {
            case .free: return port
            case .unusable(let reason):
                throw PreviewError(description: "cannot listen on \(options.host):\(port): \(reason); pick another --host")
            case .taken:
                if options.portIsExplicit {
                    throw PreviewError(description: "port \(port) is in use; stop what uses it or pick another --port")
                }
                report(.portTaken(port))
            }
        }
        throw PreviewError(
            description: "ports \(options.port)-\(options.port + attempts - 1) are all in use; pick a free one with --port")
    }

    /// Binds a listening socket to `host:port` as the server would, and closes it.
    static func probe(host: String, port: Int) -> Probe {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let address = list?.pointee else {
            return .unusable(status == 0 ? "no address" : String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        let socket = Glibc.socket(address.ai_family, address.ai_socktype, address.ai_protocol)
        guard socket >= 0 else { return .unusable(String(cString: strerror(errno))) }
        defer { close(socket) }
        // As the server sets it: a port held only by closed connections (TIME_WAIT) is free.
        var one: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(socket, address.ai_addr, address.ai_addrlen) == 0, listen(socket, 1) == 0 else {
            return errno == EADDRINUSE ? .taken : .unusable(String(cString: strerror(errno)))
        }
        return .free
    }
}
