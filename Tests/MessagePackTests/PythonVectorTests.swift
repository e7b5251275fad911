import MessagePack
import Testing

/// The codec against bytes packed by Python's msgpack the way Salt packs them
/// (Fixtures/vectors.json, written by Fixtures/make_vectors.py).
@Suite struct PythonVectorTests {
    @Test func vectorsLoadAndCoverTheWire() throws {
        let vectors = try Vector.loadAll()
        #expect(vectors.count >= 100)
        #expect(Set(vectors.map(\.name)).count == vectors.count, "vector names must be unique")
        // Every first byte that Python can emit on Salt's wire appears at least once.
        let leads = Set(vectors.map { $0.bytes[0] })
        for lead: UInt8 in [0xc0, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
                            0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde,
                            0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xe0, 0xff] {
            #expect(leads.contains(lead), "no vector starts with 0x\(String(lead, radix: 16))")
        }
    }

    @Test(arguments: try Vector.loadAll())
    func decodesPythonBytes(_ vector: Vector) throws {
        let decoded = try MessagePack.decode(vector.bytes)
        let mismatch = difference(decoded, vector.expected)
        #expect(mismatch == nil, "\(vector.name) [\(vector.options)]: \(mismatch ?? "")")
    }

    @Test(arguments: try Vector.loadAll())
    func encodesLikePython(_ vector: Vector) throws {
        let encoded = MessagePack.encode(vector.expected)
        if vector.encodeExact {
            #expect(encoded == vector.bytes,
                    "\(vector.name): ours \(hexString(encoded.prefix(40))) vs Python \(hexString(vector.bytes.prefix(40)))")
        } else {
            // Python used a form Salt's wire never does (see the vector's note): the bytes differ,
            // the value must not.
            #expect(vector.note != nil)
            #expect(encoded != vector.bytes)
            let mismatch = difference(try MessagePack.decode(encoded), vector.expected)
            #expect(mismatch == nil, "\(vector.name): \(mismatch ?? "")")
        }
    }

    @Test func onlyStr8IsDecodeOnly() throws {
        // The single form our encoder leaves out is str8 (0xd9), which use_bin_type=False never emits.
        for vector in try Vector.loadAll() where !vector.encodeExact {
            #expect(vector.bytes.first == 0xd9, "\(vector.name)")
            #expect(vector.options.contains("use_bin_type=True"), "\(vector.name)")
        }
        for vector in try Vector.loadAll() where vector.options == "use_bin_type=False" {
            #expect(!vector.bytes.contains(0xd9) || vector.encodeExact, "\(vector.name)")
        }
    }

    @Test func saltPublicationLoad() throws {
        let vector = try #require(try Vector.loadAll().first { $0.name == "salt publication load" })
        let load = try MessagePack.decode(vector.bytes)
        #expect(load.string("fun") == "test.ping")
        #expect(load["arg"]?.arrayValue == [])
        #expect(load.string("tgt") == "m1")
        #expect(load.string("jid") == "20261121190515961226")
        #expect(load.string("ret") == "")
        #expect(load.string("tgt_type") == "glob")
        #expect(load.string("user") == "root")
        #expect(load["serial"]?.intValue == 1)
        #expect(load.mapValue?.map { $0.key.stringValue } == ["fun", "arg", "tgt", "jid", "ret", "tgt_type", "user", "serial"])
        // Built by hand in Salt's key order, it packs to Python's exact bytes.
        let built: MessagePackValue = [
            "fun": "test.ping", "arg": [], "tgt": "m1", "jid": "20261121190515961226",
            "ret": "", "tgt_type": "glob", "user": "root", "serial": 1,
        ]
        #expect(MessagePack.encode(built) == vector.bytes)
    }

    @Test func saltReturnLoad() throws {
        let vector = try #require(try Vector.loadAll().first { $0.name == "salt return load" })
        let load = try MessagePack.decode(vector.bytes)
        #expect(load.string("cmd") == "_return")
        #expect(load["success"]?.boolValue == true)
        #expect(load["retcode"]?.intValue == 0)
        let args = try #require(load["fun_args"]?.arrayValue)
        #expect(args.count == 2)
        #expect(args[0].stringValue == "pos")
        #expect(args[1]["__kwarg__"]?.boolValue == true)
        #expect(args[1]["a"]?.intValue == 1)
        #expect(args[1]["b"] == [1.5, .nil])
        #expect(args[1].string("c") == "日本")
        guard case .ext(78, let stamp)? = load["_stamp"] else {
            Issue.record("_stamp is not ext 78: \(String(describing: load["_stamp"]))")
            return
        }
        #expect(String(decoding: stamp, as: UTF8.self) == "20261121T19:05:16.123456")
    }

    @Test func saltDatetimeExt() throws {
        let vector = try #require(try Vector.loadAll().first { $0.name == "datetime ext 78" })
        // Salt: ExtType(78, strftime("%Y%m%dT%H:%M:%S.%f")) -- 24 ASCII bytes, so ext8, not a fixext.
        let expected: [UInt8] = [0xc7, 24, 78] + Array("20261121T19:05:15.961226".utf8)
        #expect(vector.bytes == expected)
        #expect(try MessagePack.decode(expected) == .ext(78, Array("20261121T19:05:15.961226".utf8)))
    }

    @Test func nonUTF8StringsSurviveAsStr() throws {
        for name in ["bytes as str ff fe 00 80", "bytes as str 300 random", "bytes as str surrogate utf8",
                     "bytes as str overlong nul", "bytes as str truncated utf8"] {
            let vector = try #require(try Vector.loadAll().first { $0.name == name })
            let value = try MessagePack.decode(vector.bytes)
            guard case .string(let bytes) = value else {
                Issue.record("\(name) did not decode as str: \(brief(value))")
                continue
            }
            #expect(value.stringValue == nil, "\(name) is not UTF-8")
            #expect(value.bytesValue == bytes)
            #expect(MessagePack.encode(value) == vector.bytes, "\(name)")
        }
    }
}
