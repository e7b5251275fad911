import BrineCore
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A real brine-master and brine-minions on loopback, under a temporary root_dir, on free ports.
/// Everything it starts is stopped by `stop()` (and by deinit, should a test fail first).
final class TestCluster {
    let root: String
    let publishPort: Int
    let retPort: Int
    private(set) var master: ChildProcess?
    private(set) var minions: [String: ChildProcess] = [:]

    init(masterOptions: String = "") throws {
        var template = Array("/tmp/brine-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ProcessRunner.Failure(description: "mkdtemp failed") }
        root = String(cString: made)
        publishPort = try FreePort.next()
        retPort = try FreePort.next()
        FileSystem.makeDirectories(root + "/etc/master")
        try FileSystem.write(root + "/etc/master/master", """
            root_dir: \(root)/master
            interface: 127.0.0.1
            publish_port: \(publishPort)
            ret_port: \(retPort)
            worker_threads: 3
            log_level: debug
            \(masterOptions)
            """)
    }

    deinit { stop() }

    var masterConfigDir: String { root + "/etc/master" }

    func startMaster() throws {
        master = try ChildProcess([Binaries.path("brine-master"), "-c", masterConfigDir], outputPath: root + "/master.log")
        try waitUntil("the master's local socket", timeout: 20) { FileSystem.exists(self.root + "/master/var/run/brine/master/master.ipc") }
    }

    func stopMaster() {
        master?.stop()
        master = nil
    }

    /// Writes a minion config (without starting it); returns its config dir.
    @discardableResult
    func configureMinion(_ id: String, options: String = "") throws -> String {
        let directory = root + "/etc/" + id
        FileSystem.makeDirectories(directory)
        try FileSystem.write(directory + "/minion", """
            root_dir: \(root)/\(id)
            master: 127.0.0.1
            master_port: \(retPort)
            id: \(id)
            acceptance_wait_time: 0.5
            recon_default: 100
            recon_max: 500
            return_retry_timer: 2
            auth_timeout: 2
            log_level: debug
            \(options)
            """)
        return directory
    }

    func startMinion(_ id: String, options: String = "") throws {
        let directory = try configureMinion(id, options: options)
        minions[id] = try ChildProcess([Binaries.path("brine-minion"), "-c", directory], outputPath: root + "/\(id).log")
    }

    func stopMinion(_ id: String) {
        minions[id]?.stop()
        minions[id] = nil
    }

    func stop() {
        for minion in minions.values { minion.stop() }
        minions.removeAll()
        stopMaster()
    }

    /// Runs one of the command-line tools against this master.
    @discardableResult
    func run(_ tool: String, _ arguments: String...) throws -> ProcessRunner.Result {
        try ProcessRunner.run([Binaries.path(tool), "-c", masterConfigDir] + arguments)
    }

    func brine(_ arguments: String...) throws -> ProcessRunner.Result {
        try ProcessRunner.run([Binaries.path("brine"), "-c", masterConfigDir] + arguments)
    }

    /// Waits for a pending key to appear, then accepts it.
    func accept(_ id: String) throws {
        try waitUntil("the key of \(id) to be pending", timeout: 20) {
            FileSystem.exists(self.root + "/master/etc/brine/pki/master/minions_pre/\(id)")
        }
        let result = try run("brine-key", "-a", id, "-y")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
    }

    /// Retries `brine '<id>' test.ping` until the minion answers: it has (re)authenticated and subscribed.
    func waitForMinion(_ id: String, timeout: Double = 30) throws {
        try waitUntil("\(id) to answer test.ping", timeout: timeout) {
            (try? self.brine("-t", "2", "--gather-job-timeout", "1", id, "test.ping"))?.status == 0
        }
    }

    func log(_ name: String) -> String {
        (try? FileSystem.readString(root + "/\(name).log")) ?? ""
    }

    func waitUntil(_ what: String, timeout: Double, _ condition: () throws -> Bool) throws {
        let end = Timestamp.monotonic() + timeout
        while Timestamp.monotonic() < end {
            if try condition() { return }
            usleep(100_000)
        }
        XCTFail("timed out after \(timeout) s waiting for \(what)\n--- master log ---\n\(log("master").suffix(3000))")
        throw ProcessRunner.Failure(description: "timed out waiting for \(what)")
    }
}

/// The built executables: beside the test bundle, or where BRINE_BIN_DIR says.
enum Binaries {
    static func path(_ name: String) -> String {
        if let directory = getenv("BRINE_BIN_DIR") { return String(cString: directory) + "/" + name }
        let bundle = CommandLine.arguments[0]
        var directory = FileSystem.parent(of: bundle)
        while directory.hasSuffix(".xctest") || directory.contains(".xctest/") {
            directory = FileSystem.parent(of: directory)
        }
        return directory + "/" + name
    }
}

/// Free TCP ports on 127.0.0.1, found by binding port 0.
enum FreePort {
    static func next() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw ProcessRunner.Failure(description: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
