import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `handbook serve` as a process: what it prints, its exit codes, and Ctrl-C.
@Suite(.timeLimit(.minutes(1))) struct ServeCommandTests {
    /// Starts `handbook serve` and reads its standard output until the "Serving" line.
    func startServe(_ root: URL, _ extra: [String] = []) async throws -> (process: Process, port: Int, output: String) {
        try await offPool { try startServeNow(root, extra) }
    }

    func startServeNow(_ root: URL, _ extra: [String]) throws -> (process: Process, port: Int, output: String) {
        let process = Process()
        process.executableURL = ServeFixtures.handbookBinary
        process.arguments = ["serve", "--root", root.path, "--port", "0"] + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var output = ""
        let end = ContinuousClock.now + .seconds(20)
        let handle = out.fileHandleForReading
        while !output.contains("(Ctrl-C to stop)\n"), ContinuousClock.now < end, process.isRunning {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            output += String(decoding: chunk, as: UTF8.self)
        }
        let pattern = try #require(try? Regex(#"Serving (.+) at http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)"#))
        guard let match = output.firstMatch(of: pattern), let port = Int(match.output[2].substring ?? "") else {
            process.terminate()
            Issue.record("no Serving line in: \(output)")
            throw RawHTTP.Failure(description: "serve did not start")
        }
        return (process, port, output)
    }

    @Test func ctrlCStopsAtOnceWithATabConnected() async throws {
        let (root, _) = try ServeFixtures.makeSite()
        let (process, port, output) = try await startServe(root)
        #expect(output.hasPrefix("Built "), "\(output)")
        #expect(output.contains("Serving \(root.path) at http://127.0.0.1:\(port)/ (Ctrl-C to stop)"))
        #expect(try await offPool { try RawHTTP.request("GET", "/", port: port) }.status == 200)

        let events = try await EventStreamClient.open(port: port, since: 1)
        let start = ContinuousClock.now
        kill(process.processIdentifier, SIGINT)
        while process.isRunning, start.duration(to: .now) < .seconds(3) { try await Task.sleep(for: .milliseconds(10)) }
        let took = start.duration(to: .now)
        #expect(!process.isRunning)
        #expect(took < .seconds(1), "Ctrl-C took \(took)")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try await events.waitForEnd(limit: .seconds(1)), "the event stream is closed")
    }

    @Test func sigtermStopsToo() async throws {
        let (root, _) = try ServeFixtures.makeSite()
        let (process, _, _) = try await startServe(root, ["--poll"])
        let start = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning, start.duration(to: .now) < .seconds(3) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!process.isRunning && start.duration(to: .now) < .seconds(1))
        if process.isRunning { process.terminate() }
    }

    @Test func aTakenExplicitPortOrAMissingSiteExitsTwo() async throws {
        let (root, _) = try ServeFixtures.makeSite()
        let holder = try ServeFixtures.holdPort()
        defer { close(holder.socket) }
        let port = holder.port
        let taken = try await ServeFixtures.run(["serve", "--root", root.path, "--port", String(port)])
        #expect(taken.status == 2)
        #expect(taken.stderr.contains("port \(port) is in use"), "\(taken.stderr)")

        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-serve-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let missing = try await ServeFixtures.run(["serve", "--root", empty.path, "--port", "0"])
        #expect(missing.status == 2, "\(missing.stdout)\(missing.stderr)")
        #expect(missing.stderr.contains("Content"), "\(missing.stderr)")

        let badPort = try await ServeFixtures.run(["serve", "--root", root.path, "--port", "70000"])
        #expect(badPort.status == 2)
    }
}
