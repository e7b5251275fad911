@testable import Master
import BrineCore
import BrineTesting
import Logging
import MessagePack
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The file server's answers and refusals, driven directly on a scratch `file_roots`.
final class FileServerTests: XCTestCase {
    var root = ""
    var server: FileServer!
    let logger = Logger(label: "test")

    override func setUpWithError() throws {
        root = try TemporaryDirectory.make("file-server")
        for directory in ["base", "base/web", "base/web/empty", "dev", "outside"] { XCTAssertTrue(FileSystem.makeDirectories(root + "/" + directory)) }
        try FileSystem.write(root + "/base/top.txt", "top\n")
        try FileSystem.write(root + "/base/web/index.html", "<html/>\n")
        try FileSystem.write(root + "/dev/only-dev.txt", "dev\n")
        try FileSystem.write(root + "/outside/secret", "secret\n")
        XCTAssertEqual(symlink(root + "/outside/secret", root + "/base/leak"), 0)
        XCTAssertEqual(symlink(root + "/outside", root + "/base/leakdir"), 0)
        XCTAssertEqual(symlink("index.html", root + "/base/web/alias.html"), 0)
        server = FileServer(roots: ["base": [root + "/base"], "dev": [root + "/dev"]], bufferSize: 4, logger: logger)
    }

    private func ask(_ command: String, _ fields: KeyValuePairs<String, MessagePackValue> = [:]) -> MessagePackValue {
        server.answer(command, .map(fields.map { MessagePackPair(.text($0.key), $0.value) }), from: "web1")
    }

    func testListings() {
        XCTAssertEqual(ask("_file_envs"), ["base", "dev"])
        XCTAssertEqual(ask("_file_list", ["saltenv": "base"]), ["top.txt", "web/alias.html", "web/index.html"])
        XCTAssertEqual(ask("_file_list", ["saltenv": "base", "prefix": "web"]), ["web/alias.html", "web/index.html"])
        XCTAssertEqual(ask("_file_list", ["saltenv": "dev"]), ["only-dev.txt"])
        XCTAssertEqual(ask("_file_list", ["saltenv": "nosuch"]), [])
        XCTAssertEqual(ask("_file_list", ["saltenv": "base", "prefix": "/we"]), ["web/alias.html", "web/index.html"], "a string prefix, as Salt's")
        XCTAssertEqual(ask("_dir_list", ["saltenv": "base"]), ["web", "web/empty"])
        XCTAssertEqual(ask("_file_list_emptydirs", ["saltenv": "base"]), ["web/empty"])
        XCTAssertEqual(ask("_symlink_list", ["saltenv": "base"]), ["web/alias.html": "index.html"], "links out of the root are not listed")
        XCTAssertEqual(ask("_file_list", ["saltenv": "base", "prefix": "../outside"]), [], "a prefix climbing out lists nothing")
        XCTAssertEqual(ask("_file_list", ["saltenv": "base", "prefix": "leakdir"]), [], "a symlinked directory out of the root lists nothing")
    }

    func testHashAndServeInChunks() {
        let hash = ask("_file_hash", ["saltenv": "base", "path": "web/index.html"])
        XCTAssertEqual(hash.string("hash_type"), "sha256")
        XCTAssertEqual(hash.string("hsum"), "1249db6aa735d011e95805686491f2a06d39bfd5b6fe2018d68e52aa17fbf956")
        var content: [UInt8] = []
        while true {
            let chunk = ask("_serve_file", ["saltenv": "base", "path": "web/index.html", "loc": .int(Int64(content.count))])
            XCTAssertEqual(chunk.string("dest"), "web/index.html")
            guard let data = chunk["data"]?.bytesValue, !data.isEmpty else { break }
            XCTAssertLessThanOrEqual(data.count, 4, "one file_buffer_size chunk per request")
            content += data
        }
        XCTAssertEqual(String(decoding: content, as: UTF8.self), "<html/>\n")
        XCTAssertEqual(ask("_serve_file", ["saltenv": "base", "path": "web/alias.html", "loc": 0])["data"]?.bytesValue, Array("<htm".utf8),
                       "a symlink inside the root is served")
        XCTAssertEqual(ask("_file_hash_and_stat", ["saltenv": "base", "path": "top.txt"]).arrayValue?.count, 2)
        XCTAssertEqual(ask("_file_find", ["saltenv": "base", "path": "top.txt"]).string("rel"), "top.txt")
    }

    func testRefusedPathsLookMissing() {
        let refused: [(String, String)] = [
            ("../outside/secret", "base"), ("web/../../outside/secret", "base"), (root + "/outside/secret", "base"),
            ("leak", "base"), ("leakdir/secret", "base"), ("only-dev.txt", "base"), ("top.txt", "nosuch"), ("web", "base"),
        ]
        for (path, saltenv) in refused {
            XCTAssertEqual(ask("_file_hash", ["saltenv": .text(saltenv), "path": .text(path)]), "", path)
            XCTAssertEqual(ask("_serve_file", ["saltenv": .text(saltenv), "path": .text(path), "loc": 0]), ["data": "", "dest": ""], path)
        }
        XCTAssertEqual(ask("_serve_file", ["saltenv": "base", "path": "top.txt", "loc": -1]), ["data": "", "dest": ""])
        XCTAssertEqual(ask("_file_hash", ["saltenv": "dev", "path": "only-dev.txt"]).string("hash_type"), "sha256", "the other environment has it")
    }

    func testFileRecvIsConfinedAndBounded() throws {
        let cachedir = root + "/cache"
        XCTAssertTrue(FileSystem.makeDirectories(cachedir))
        let off = FileReceiver(enabled: false, maxMegabytes: 1, cachedir: cachedir, logger: logger)
        let push: (FileReceiver, MessagePackValue, Int, [UInt8]) -> MessagePackValue = { receiver, path, loc, data in
            receiver.receive(["cmd": "_file_recv", "id": "someone-else", "path": path, "loc": .int(Int64(loc)), "data": .binary(data)], from: "web1")
        }
        XCTAssertEqual(push(off, ["etc", "fstab"], 0, [1]), false, "file_recv is off by default")
        let receiver = FileReceiver(enabled: true, maxMegabytes: 1, cachedir: cachedir, logger: logger)
        XCTAssertEqual(push(receiver, ["etc", "fstab"], 0, Array("abc".utf8)), true)
        XCTAssertEqual(push(receiver, ["etc", "fstab"], 3, Array("def".utf8)), true)
        XCTAssertEqual(try FileSystem.readString(cachedir + "/minions/web1/files/etc/fstab"), "abcdef",
                       "stored under the session's id, never the load's")
        XCTAssertFalse(FileSystem.exists(cachedir + "/minions/someone-else"))
        XCTAssertEqual(push(receiver, ["..", "..", "escape"], 0, [1]), false)
        XCTAssertEqual(push(receiver, ["a", "..", "..", "..", "escape"], 0, [1]), false)
        XCTAssertEqual(push(receiver, ["/etc/passwd"], 0, [1]), false, "an absolute path")
        XCTAssertEqual(push(receiver, [], 0, [1]), false)
        XCTAssertEqual(push(receiver, ["big"], (1 << 20) - 1, [1, 2]), false, "past file_recv_max_size")
        XCTAssertEqual(push(receiver, ["big"], -1, [1]), false)
        XCTAssertEqual(push(receiver, ["big"], Int(Int64.max), [1]), false, "a loc that would overflow the size check")
        XCTAssertEqual(symlink(root + "/outside", cachedir + "/minions/web1/files/link"), 0)
        XCTAssertEqual(push(receiver, ["link", "planted"], 0, [1]), false, "a symlinked directory on the way")
        XCTAssertEqual(symlink(root + "/outside/secret", cachedir + "/minions/web1/files/filelink"), 0)
        XCTAssertEqual(push(receiver, ["filelink"], 0, [1]), false, "a symlink as the file")
        XCTAssertEqual(try FileSystem.readString(root + "/outside/secret"), "secret\n")
        XCTAssertFalse(FileSystem.exists(root + "/outside/planted"))
    }
}
