//! The kernel's OOM-killer report, as Debian 12's kernel (6.1) writes it.
//!
//! Shape: `<comm> invoked oom-killer: gfp_mask=..., order=0, oom_score_adj=0`, the CPU and
//! hardware lines, the call trace between `<TASK>` and `</TASK>` with the user-space
//! registers, `Mem-Info:` (one printk continued over several lines, which therefore share a
//! printk stamp), the per-zone and swap summary, `Tasks state (memory values in pages):` with
//! one row per task, then `oom-kill:constraint=...`, `Out of memory: Killed process ...` and,
//! a moment later, `oom_reaper: reaped process ...`. The numbers are derived from the task
//! table, so that the victim's row and the kill line agree.

use rand::Rng;

use crate::sink::Sink;
use crate::time::Time;

/// A row of the task table.
#[derive(Clone, Debug)]
pub(crate) struct Task {
    pub pid: u32,
    pub uid: u32,
    /// Pages of virtual memory.
    pub total_vm: u64,
    /// Resident pages (anonymous; file and shmem pages are negligible here).
    pub rss: u64,
    pub pgtables_bytes: u64,
    pub swapents: u64,
    pub oom_score_adj: i32,
    pub name: String,
}

impl Task {
    pub fn new(
        pid: u32,
        uid: u32,
        total_vm: u64,
        rss: u64,
        swapents: u64,
        adj: i32,
        name: &str,
    ) -> Self {
        // Page tables: a fixed part plus about five bytes per mapped page, in whole pages.
        let pgtables_bytes = (40_960 + total_vm * 5).div_ceil(4096) * 4096;
        Task {
            pid,
            uid,
            total_vm,
            rss,
            pgtables_bytes,
            swapents,
            oom_score_adj: adj,
            name: name.to_owned(),
        }
    }
}

/// What the report needs.
#[derive(Debug)]
pub(crate) struct Report<'a> {
    /// The allocating task: command and pid.
    pub invoker: (&'a str, u32),
    /// The victim (also in `tasks`).
    pub victim: &'a Task,
    /// The victim's memory cgroup (`/system.slice/mariadb.service`).
    pub memcg: &'a str,
    /// Every task, in pid order.
    pub tasks: &'a [Task],
    /// Pages of RAM.
    pub ram_pages: u64,
    /// Swap size in kB (all used up).
    pub swap_kb: u64,
}

const TRACE: [&str; 17] = [
    "dump_stack_lvl+0x44/0x5c",
    "dump_header+0x4a/0x211",
    "oom_kill_process.cold+0xb/0x10",
    "out_of_memory+0x1fd/0x4c0",
    "__alloc_pages_slowpath.constprop.0+0xcb0/0xe00",
    "__alloc_pages+0x305/0x330",
    "folio_alloc+0x17/0x50",
    "__filemap_get_folio+0x155/0x340",
    "filemap_fault+0x139/0x910",
    "? filemap_map_pages+0x153/0x690",
    "__do_fault+0x30/0x110",
    "do_fault+0x1b9/0x410",
    "__handle_mm_fault+0x660/0xfa0",
    "handle_mm_fault+0xdb/0x2d0",
    "do_user_addr_fault+0x191/0x570",
    "exc_page_fault+0x70/0x170",
    "asm_exc_page_fault+0x22/0x30",
];

/// Writes the report so that `Out of memory: Killed process` is at `kill`; returns the time of
/// the last line (the reaper's).
pub(crate) fn write(out: &mut Sink<'_>, rng: &mut impl Rng, kill: Time, r: &Report<'_>) -> Time {
    // About 80 lines before the kill line, a quarter of a millisecond apart.
    let mut t = kill.add(-24_000);
    let mut next = |step: i64| {
        let now = t;
        t = t.add(step);
        now
    };
    let (comm, pid) = r.invoker;
    let k = |out: &mut Sink<'_>, at: Time, msg: std::fmt::Arguments<'_>| out.kernel(at, msg);
    k(
        out,
        next(410),
        format_args!("{comm} invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0"),
    );
    k(
        out,
        next(250),
        format_args!(
            "CPU: 1 PID: {pid} Comm: {comm} Not tainted 6.1.0-27-amd64 #1 Debian 6.1.115-1"
        ),
    );
    k(
        out,
        next(250),
        format_args!("Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014"),
    );
    k(out, next(120), format_args!("Call Trace:"));
    k(out, next(120), format_args!(" <TASK>"));
    for frame in TRACE {
        k(out, next(90), format_args!(" {frame}"));
    }
    let ip: u64 = 0x7f3b_8e40_0000 + rng.gen_range(0..0xf_ffff);
    k(out, next(160), format_args!("RIP: 0033:0x{ip:x}"));
    k(
        out,
        next(200),
        format_args!("Code: Unable to access opcode bytes at 0x{:x}.", ip - 0x2a),
    );
    let mut reg = || -> u64 {
        match rng.gen_range(0..4) {
            0 => 0,
            1 => rng.gen_range(0..0x100),
            2 => 0x5600_0000_0000 + rng.gen_range(0..0xff_ffff_ffff),
            _ => 0x7ffc_0000_0000 + rng.gen_range(0..0xffff_ffff),
        }
    };
    k(
        out,
        next(120),
        format_args!("RSP: 002b:{:016x} EFLAGS: 00010206", reg()),
    );
    k(
        out,
        next(120),
        format_args!(
            "RAX: {:016x} RBX: {:016x} RCX: {:016x}",
            reg(),
            reg(),
            reg()
        ),
    );
    k(
        out,
        next(120),
        format_args!(
            "RDX: {:016x} RSI: {:016x} RDI: {:016x}",
            reg(),
            reg(),
            reg()
        ),
    );
    k(
        out,
        next(120),
        format_args!(
            "RBP: {:016x} R08: {:016x} R09: {:016x}",
            reg(),
            reg(),
            reg()
        ),
    );
    k(
        out,
        next(120),
        format_args!(
            "R10: {:016x} R11: 0000000000000246 R12: {:016x}",
            reg(),
            reg()
        ),
    );
    k(
        out,
        next(120),
        format_args!(
            "R13: {:016x} R14: {:016x} R15: {:016x}",
            reg(),
            reg(),
            reg()
        ),
    );
    k(out, next(100), format_args!(" </TASK>"));

    // Memory summary, consistent with the task table.
    let anon: u64 = r.tasks.iter().map(|t| t.rss).sum::<u64>() + 9_000;
    let active_anon = anon * 23 / 100;
    let inactive_anon = anon - active_anon;
    let (active_file, inactive_file) = (212 + rng.gen_range(0..80), 318 + rng.gen_range(0..90));
    let shmem = 1_402;
    let pagetables: u64 = r.tasks.iter().map(|t| t.pgtables_bytes).sum::<u64>() / 4096 + 1_200;
    let (slab_r, slab_u) = (9_611, 21_384);
    let free = 21_502;
    let mem_info = next(150);
    k(out, mem_info, format_args!("Mem-Info:"));
    let cont = next(30);
    let lines = [
        format!("active_anon:{active_anon} inactive_anon:{inactive_anon} isolated_anon:0"),
        format!(" active_file:{active_file} inactive_file:{inactive_file} isolated_file:0"),
        " unevictable:0 dirty:0 writeback:0".to_owned(),
        format!(" slab_reclaimable:{slab_r} slab_unreclaimable:{slab_u}"),
        format!(
            " mapped:{} shmem:{shmem} pagetables:{pagetables}",
            1_980 + rng.gen_range(0..200)
        ),
        " sec_pagetables:0 bounce:0".to_owned(),
        " kernel_misc_reclaimable:0".to_owned(),
        format!(
            " free:{free} free_pcp:{} free_cma:0",
            120 + rng.gen_range(0..200)
        ),
    ];
    for line in &lines {
        out.kernel_printk(next(20), cont, format_args!("{line}"));
    }
    let kb = |pages: u64| pages * 4;
    k(
        out,
        next(330),
        format_args!(
            "Node 0 active_anon:{}kB inactive_anon:{}kB active_file:{}kB inactive_file:{}kB unevictable:0kB isolated(anon):0kB isolated(file):0kB mapped:{}kB dirty:0kB writeback:0kB shmem:{}kB shmem_thp: 0kB shmem_pmdmapped: 0kB anon_thp: 0kB writeback_tmp:0kB kernel_stack:{}kB pagetables:{}kB sec_pagetables:0kB all_unreclaimable? yes",
            kb(active_anon),
            kb(inactive_anon),
            kb(active_file),
            kb(inactive_file),
            kb(1_980),
            kb(shmem),
            6_112,
            kb(pagetables)
        ),
    );
    k(
        out,
        next(280),
        format_args!("Node 0 DMA free:13312kB boost:0kB min:260kB low:324kB high:388kB reserved_highatomic:0KB active_anon:1024kB inactive_anon:1216kB active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB present:15992kB managed:15360kB mlocked:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB"),
    );
    k(
        out,
        next(60),
        format_args!("lowmem_reserve[]: 0 2957 3895 3895 3895"),
    );
    let dma32_free = 52_104 + rng.gen_range(0..800);
    k(
        out,
        next(280),
        format_args!(
            "Node 0 DMA32 free:{dma32_free}kB boost:0kB min:50200kB low:62748kB high:75296kB reserved_highatomic:0KB active_anon:{}kB inactive_anon:{}kB active_file:{}kB inactive_file:{}kB unevictable:0kB writepending:0kB present:3129212kB managed:3044564kB mlocked:0kB bounce:0kB free_pcp:{}kB local_pcp:{}kB free_cma:0kB",
            kb(active_anon) * 3 / 4,
            kb(inactive_anon) * 3 / 4,
            kb(active_file) / 2,
            kb(inactive_file) / 2,
            300 + rng.gen_range(0..200),
            100 + rng.gen_range(0..100)
        ),
    );
    k(
        out,
        next(60),
        format_args!("lowmem_reserve[]: 0 0 938 938 938"),
    );
    let normal_free = kb(free) - 13_312 - dma32_free;
    k(
        out,
        next(280),
        format_args!(
            "Node 0 Normal free:{normal_free}kB boost:0kB min:15912kB low:19888kB high:23864kB reserved_highatomic:0KB active_anon:{}kB inactive_anon:{}kB active_file:{}kB inactive_file:{}kB unevictable:0kB writepending:0kB present:1048576kB managed:960812kB mlocked:0kB bounce:0kB free_pcp:{}kB local_pcp:{}kB free_cma:0kB",
            kb(active_anon) / 4 - 1_024,
            kb(inactive_anon) / 4 - 1_216,
            kb(active_file) - kb(active_file) / 2,
            kb(inactive_file) - kb(inactive_file) / 2,
            100 + rng.gen_range(0..200),
            rng.gen_range(0..100)
        ),
    );
    k(out, next(60), format_args!("lowmem_reserve[]: 0 0 0 0 0"));
    k(
        out,
        next(250),
        format_args!("Node 0 DMA: 0*4kB 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 1*1024kB (U) 2*2048kB (UM) 2*4096kB (M) = 13312kB"),
    );
    let buddy = |total_kb: u64| {
        // Spread the free memory over the small orders, the way a fragmented zone looks.
        let sizes = [4u64, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
        let mut left = total_kb;
        let mut parts = Vec::with_capacity(sizes.len());
        for (i, size) in sizes.iter().enumerate() {
            let n = if i < 6 {
                left / size / (7 - i as u64)
            } else {
                0
            };
            left -= n * size;
            parts.push(n);
        }
        parts[0] += left / 4;
        let flags = ["(UME)", "(UME)", "(UME)", "(UE)", "(UE)", "(U)"];
        let mut text = String::new();
        let mut sum = 0;
        for (i, (n, size)) in parts.iter().zip(sizes).enumerate() {
            sum += n * size;
            if *n > 0 {
                text.push_str(&format!("{n}*{size}kB {} ", flags.get(i).unwrap_or(&"(U)")));
            } else {
                text.push_str(&format!("0*{size}kB "));
            }
        }
        format!("{text}= {sum}kB")
    };
    k(
        out,
        next(250),
        format_args!("Node 0 DMA32: {}", buddy(dma32_free)),
    );
    k(
        out,
        next(250),
        format_args!("Node 0 Normal: {}", buddy(normal_free)),
    );
    k(
        out,
        next(90),
        format_args!(
            "Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=1048576kB"
        ),
    );
    k(
        out,
        next(60),
        format_args!(
            "Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB"
        ),
    );
    k(
        out,
        next(60),
        format_args!(
            "{} total pagecache pages",
            active_file + inactive_file + shmem + 1_412
        ),
    );
    k(out, next(40), format_args!("1412 pages in swap cache"));
    k(out, next(40), format_args!("Free swap  = 0kB"));
    k(out, next(40), format_args!("Total swap = {}kB", r.swap_kb));
    k(out, next(40), format_args!("{} pages RAM", r.ram_pages));
    k(out, next(40), format_args!("0 pages HighMem/MovableOnly"));
    k(
        out,
        next(40),
        format_args!("{} pages reserved", r.ram_pages / 38),
    );
    k(out, next(40), format_args!("0 pages cma reserved"));
    k(out, next(40), format_args!("0 pages hwpoisoned"));
    k(
        out,
        next(60),
        format_args!("Tasks state (memory values in pages):"),
    );
    k(
        out,
        next(60),
        format_args!(
            "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"
        ),
    );
    for task in r.tasks {
        k(
            out,
            next(110),
            format_args!(
                "[{:>7}] {:>5} {:>5} {:>8} {:>8} {:>8} {:>8} {:>13} {}",
                task.pid,
                task.uid,
                task.pid,
                task.total_vm,
                task.rss,
                task.pgtables_bytes,
                task.swapents,
                task.oom_score_adj,
                task.name
            ),
        );
    }
    let v = r.victim;
    k(
        out,
        kill.add(-1_300),
        format_args!(
            "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg={},task={},pid={},uid={}",
            r.memcg, v.name, v.pid, v.uid
        ),
    );
    k(
        out,
        kill,
        format_args!(
            "Out of memory: Killed process {} ({}) total-vm:{}kB, anon-rss:{}kB, file-rss:0kB, shmem-rss:0kB, UID:{} pgtables:{}kB oom_score_adj:{}",
            v.pid,
            v.name,
            v.total_vm * 4,
            v.rss * 4,
            v.uid,
            v.pgtables_bytes / 1024,
            v.oom_score_adj
        ),
    );
    let reaped = kill.add(rng.gen_range(140_000..260_000));
    k(
        out,
        reaped,
        format_args!(
            "oom_reaper: reaped process {} ({}), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
            v.pid, v.name
        ),
    );
    reaped
}
