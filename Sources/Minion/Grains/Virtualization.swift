import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// `virtual` and `virtual_subtype` with Salt's values (`physical`, `kvm`, `VMware`, `container` +
/// `Docker`, ...). Salt asks `systemd-detect-virt` first; Brine reads the same files that tool
/// reads, maps its answer the way Salt maps it, and then applies Salt's own file checks on top.
enum Virtualization {
    static func grains(cpuinfo: String) -> [(String, MessagePackValue)] {
        let dmi = DMI()
        var virtual = "physical"
        var subtype: String?
        switch detected(dmi) {
        case let kind? where ["qemu", "kvm", "oracle", "xen", "bochs", "uml", "systemd-nspawn"].contains(kind): virtual = kind
        case "vmware": virtual = "VMware"
        case "microsoft": virtual = "VirtualPC"
        case "lxc", "lxc-libvirt": (virtual, subtype) = ("container", "LXC")
        case "podman": (virtual, subtype) = ("container", "Podman")
        case "docker": (virtual, subtype) = ("container", "Docker")
        case "amazon": (virtual, subtype) = ("Nitro", "Amazon EC2")
        default: break
        }
        if let root = identity("/"), let initRoot = identity("/proc/1/root/."), root != initRoot { subtype = "chroot" }
        if HostFile.exists("/proc/vz/version") {
            virtual = "openvzhn"
        } else if HostFile.exists("/proc/vz/veinfo") {
            virtual = "openvzve"
        }
        for line in HostFile.read("/proc/self/status").split(separator: "\n") where line.hasPrefix("envID:") {
            if let environment = Int(HostFile.strip(line.dropFirst(6))) { virtual = environment == 0 ? "openvzhn" : "openvzve" }
        }
        if let xen = xenSubtype(dmi) {
            subtype = xen
            if xen.lowercased().contains("dom") { virtual = "xen" }
        }
        if cpuinfo.contains("QEMU Virtual CPU") { virtual = "kvm" }
        let product = dmi.productName
        if product.contains("VirtualBox") {
            virtual = "VirtualBox"
        } else if product.contains("RHEV Hypervisor") {
            (virtual, subtype) = ("kvm", "rhev")
        } else if product.contains("oVirt Node") {
            (virtual, subtype) = ("kvm", "ovirt")
        } else if product.contains("Google") {
            virtual = "gce"
        } else if product.contains("BHYVE") {
            virtual = "bhyve"
        }
        // Containers are checked after hypervisors: a container in a VM is reported as a container.
        let cgroup = HostFile.read("/proc/1/cgroup")
        if cgroup.contains(":/lxc/") {
            (virtual, subtype) = ("container", "LXC")
        } else if cgroup.contains(":/kubepods/") {
            subtype = "kubernetes"
        } else if cgroup.contains(":/libpod_parent/") {
            subtype = "libpod"
        } else if [":/system.slice/docker", ":/docker/", ":/docker-ce/"].contains(where: cgroup.contains) {
            (virtual, subtype) = ("container", "Docker")
        }
        if subtype != "LXC", HostFile.read("/proc/1/environ").contains("container=lxc") { (virtual, subtype) = ("container", "LXC") }
        if subtype != nil, virtual == "physical" { virtual = "virtual" }
        if ["qemu", "kvm", "xen", "amazon"].contains(virtual), dmi.vendor.contains("Amazon EC2") {
            if virtual != "xen" { virtual = "Nitro" }
            subtype = product.isEmpty ? "Amazon EC2" : "Amazon EC2 (\(product))"
        }
        return [("virtual", .text(virtual))] + (subtype.map { [("virtual_subtype", .text($0))] } ?? [])
    }

    /// The DMI strings hypervisors identify themselves by.
    private struct DMI {
        let productName = HostFile.strip(HostFile.read("/sys/class/dmi/id/product_name"))
        let vendor = HostFile.strip(HostFile.read("/sys/class/dmi/id/sys_vendor"))
        let boardVendor = HostFile.strip(HostFile.read("/sys/class/dmi/id/board_vendor"))
        let biosVendor = HostFile.strip(HostFile.read("/sys/class/dmi/id/bios_vendor"))
    }

    /// What `systemd-detect-virt` would print (nil for "none"): a container first, else a hypervisor.
    private static func detected(_ dmi: DMI) -> String? {
        let declared = HostFile.strip(HostFile.read("/run/systemd/container"))
        if !declared.isEmpty { return declared }
        for entry in HostFile.read("/proc/1/environ").split(separator: "\0") where entry.hasPrefix("container=") {
            return String(entry.dropFirst("container=".count))
        }
        if HostFile.exists("/.dockerenv") { return "docker" }
        if HostFile.exists("/run/.containerenv") { return "podman" }
        if HostFile.exists("/proc/vz"), !HostFile.exists("/proc/bc") { return "openvz" }
        let kernel = HostFile.read("/proc/sys/kernel/osrelease")
        if kernel.contains("Microsoft") || kernel.contains("WSL") { return "wsl" }
        let vendors: KeyValuePairs<String, String> = [
            "KVM": "kvm", "OpenStack": "kvm", "KubeVirt": "kvm", "Amazon EC2": "amazon", "QEMU": "qemu",
            "VMware": "vmware", "VMW": "vmware", "innotek GmbH": "oracle", "VirtualBox": "oracle",
            "Oracle Corporation": "oracle", "Xen": "xen", "Bochs": "bochs", "Parallels": "parallels",
            "BHYVE": "bhyve", "Hyper-V": "microsoft", "Google": "google",
        ]
        for field in [dmi.productName, dmi.vendor, dmi.boardVendor, dmi.biosVendor] {
            if let match = vendors.first(where: { field.hasPrefix($0.key) }) { return match.value }
        }
        if dmi.vendor == "Microsoft Corporation" && dmi.productName == "Virtual Machine" { return "microsoft" }
        if HostFile.strip(HostFile.read("/sys/hypervisor/type")) == "xen" { return "xen" }
        let deviceTree = HostFile.read("/proc/device-tree/hypervisor/compatible")
        if deviceTree.contains("linux,kvm") { return "kvm" }
        if deviceTree.contains("xen") { return "xen" }
        return nil
    }

    /// Xen's dom0 or the kind of domU, from the files Xen's drivers create.
    private static func xenSubtype(_ dmi: DMI) -> String? {
        guard HostFile.isDirectory("/proc/sys/xen") || HostFile.isDirectory("/sys/bus/xen") || HostFile.isDirectory("/proc/xen")
        else { return nil }
        if HostFile.exists("/proc/xen/xsd_kva") { return "Xen Dom0" }
        if dmi.productName == "HVM domU" { return "Xen HVM DomU" }
        if HostFile.exists("/proc/xen/capabilities") {
            return HostFile.read("/proc/xen/capabilities").contains("control_d") ? "Xen Dom0" : "Xen PV DomU"
        }
        return HostFile.isDirectory("/sys/bus/xen/drivers/xenconsole") ? "Xen PV DomU" : nil
    }

    /// Device and inode of a directory, to tell whether this process runs under a different root than init.
    private static func identity(_ path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }
}
