import Foundation
import HandbookBuild
import Hummingbird

/// Answers every request from the site in memory: pages, the live-reload event stream, and the
/// site's 404 page. Nothing here reads the disk.
struct SiteResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let live: LiveSite
    let events: PreviewEvents

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD", .cacheControl: "no-store"])
        }
        let response: Response
        if request.uri.path == PreviewInjection.eventsPath {
            response = eventStream(since: request.uri.queryParameters["since"].flatMap { Int($0) }, head: request.method == .head)
        } else {
            response = page(request.uri.path)
        }
        return request.method == .head ? response.createHeadResponse() : response
    }

    /// The response for a path of the site.
    func page(_ path: String) -> Response {
        let snapshot = live.snapshot
        let files = snapshot?.files ?? [:]
        switch RequestPath.resolve(path, exists: { files[$0] != nil }) {
        case .file(let file):
            return serve(files[file]!, type: ContentType.of(file), status: .ok, snapshot: snapshot)
        case .redirect(let location):
            return Response(status: .movedPermanently, headers: [.location: location, .cacheControl: "no-store"])
        case .forbidden:
            return plain(.forbidden, "403 Forbidden: this path leaves the site or hides what it names.")
        case .notFound:
            if let notFound = files["404.html"] {
                return serve(notFound, type: ContentType.of("404.html"), status: .notFound, snapshot: snapshot)
            }
            let html = Data(
                "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Not found</title><body><h1>Not found</h1><p>No page at \(PreviewInjection.escape(path)). <a href=\"/\">Home</a></p></body></html>\n"
                    .utf8)
            return serve(html, type: ContentType.of("404.html"), status: .notFound, snapshot: snapshot)
        }
    }

    /// A file of the site; HTML gets the live-reload script and, while the content has errors,
    /// the overlay.
    private func serve(_ data: Data, type: String, status: HTTPResponse.Status, snapshot: LiveSite.Snapshot?) -> Response {
        var body = data
        if type.hasPrefix("text/html") {
            let overlay = snapshot.flatMap { $0.isCurrent ? nil : PreviewInjection.overlay(for: $0.report.diagnostics) }
            body = PreviewInjection.inject(into: data, generation: snapshot?.generation ?? 0, overlay: overlay)
        }
        return Response(
            status: status, headers: [.contentType: type, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    private func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// Server-sent events: `reload` and `errors`, each with the generation as its id.
    private func eventStream(since: Int?, head: Bool) -> Response {
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-store"]
        guard !head else { return Response(status: .ok, headers: headers) }
        let stream = events.subscribe(since: since)
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                // A comment first, so the browser (and a test) knows the stream is open.
                try await writer.write(ByteBuffer(string: "retry: 1000\n: connected\n\n"))
                for await event in stream {
                    try await writer.write(ByteBuffer(string: event.wire))
                }
                try await writer.finish(nil)
            })
    }
}
