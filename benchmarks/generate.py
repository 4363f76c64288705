"""Generate a synthetic but valid records repository, at scale, for benchmarks.

Why: `wutong validate` must stay fast when the department has years of records
(the pre-commit hook validates on every commit). Real records are few and
private, so this script writes a repository of the right shape and size:
records/org.yml plus daily logs, work slips and minutes that all pass
`wutong validate` with no errors and no warnings.

What it writes, for N staff over Y years of working days (plain Mon-Fri):
  - records/org.yml: N staff (one supervisor, front-desk staff, area managers
    with areas), departments, areas, buildings with units;
  - a daily log per working day per non-supervisor staff member (area
    managers with two patrols), listing the slips they opened that day;
  - --slips-per-day work slips per working day, ids S-YYYYMMDD-<staff>-NN,
    with varied valid lifecycles (open, dispatched, done, revisited, closed,
    reopened, cancelled ...);
  - minutes: a morning meeting each working day, a weekly meeting each Friday,
    a monthly meeting on the first working day of each month, a training
    each month; actions refer to real staff and slips.

Output is deterministic for a given seed. The defaults give about 50,000
records with --staff 20 --years 5 (the count is printed).

Run:
    .venv/bin/python benchmarks/generate.py OUTDIR --staff 20 --years 5 [--seed 1]

OUTDIR must be empty, missing, or a previous output of this script (which is
then replaced). A manifest OUTDIR/manifest.json records the parameters and
the counts, so benchmarks/bench_validate.py can reuse a matching data set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

MANIFEST = "manifest.json"
START = date(2021, 1, 4)  # a Monday; the data set covers START .. START + years

SURNAMES = [("zhang", "张"), ("wang", "王"), ("li", "李"), ("zhao", "赵"), ("chen", "陈"),
            ("liu", "刘"), ("yang", "杨"), ("huang", "黄"), ("zhou", "周"), ("wu", "吴"),
            ("xu", "徐"), ("sun", "孙"), ("ma", "马"), ("zhu", "朱"), ("hu", "胡")]
GIVEN = [("wei", "伟"), ("na", "娜"), ("fang", "芳"), ("min", "敏"), ("jing", "静"),
         ("lei", "磊"), ("qiang", "强"), ("yan", "艳"), ("jie", "杰"), ("tao", "涛"),
         ("ming", "明"), ("chao", "超"), ("xiu-ying", "秀英"), ("hui", "慧"), ("jun", "军")]
DEPARTMENTS = [("engineering", "工程部"), ("maintenance", "维护队"), ("security", "秩序维护部"),
               ("cleaning", "保洁部"), ("greening", "绿化部"), ("finance", "财务部")]
CHANNELS = ["phone", "visit", "patrol", "internal"]
CATEGORIES = ["repair", "complaint", "inquiry", "quality", "other"]
CONTACTS = ["陈先生", "李女士", "王先生", "赵阿姨", "刘女士", "孙先生", "周女士", "吴先生"]
PROBLEMS = ["业主来电反映厨房水龙头漏水，请工程部上门维修。",
            "业主反映楼上装修噪音过大，影响休息。",
            "单元门禁刷卡失灵，业主无法进入。",
            "地下车库照明灯损坏两盏，需更换。",
            "业主咨询物业费缴纳方式及发票开具。",
            "卫生间顶棚渗水，疑似楼上防水层破损。",
            "楼道堆放杂物，存在消防隐患，需清理。",
            "小区绿化带树枝遮挡窗户，请修剪。",
            "电梯运行有异响，业主担心安全。",
            "垃圾桶满溢未及时清运，气味较大。"]
NOTES = {"dispatched": ["派工程部", "已通知相关部门", "重新派工"],
         "in_progress": ["维修人员已上门", "业主不在家，改约时间", "现场查看完毕"],
         "done": ["已更换配件", "已处理完毕", "已清理完毕"],
         "revisited": {"satisfied": "电话回访，业主满意", "unsatisfied": "电话回访，业主仍有意见"},
         "reopened": ["业主仍有意见，重新打开"],
         "cancelled": ["业主撤销报修", "重复登记，作废"]}
PATROL_NOTES = ["巡查正常", "楼道灯损坏一处，已报修", "装修垃圾堆放，已通知业主清运",
                "绿化带有积水，已通知保洁", "消防通道畅通", "单元门闭门器松动，已登记",
                "车库地面油污，已安排清洗", "外墙广告牌松动，已报工程部"]
DONE = ["完成片区上午、下午两次巡查。", "整理本片区业主报修台账。", "接待来访业主并登记诉求。",
        "跟进昨日未完成的传递单。", "完成单元公示栏内容更新。", "协助工程部上门维修。",
        "电话回访已完成的报修业主。", "核对装修登记与现场情况。"]
PLANS = ["继续巡查片区并跟进问题。", "回访本周已完成的报修。", "整理月度服务台账。",
         "跟进装修垃圾清运。", "更新公示栏通知。", "配合开展消防检查。"]
MEETING = ["回顾昨日工作，布置今日任务。", "通报本周报修和投诉处理情况。",
           "强调文明用语和首问负责制。", "讨论业主集中反映的问题。", "安排节假日值班。"]
TASKS = ["完成单元公示栏主题海报", "跟进漏水维修", "整理报修台账", "回访不满意业主",
         "检查消防通道", "更新业主通讯录", "准备业主座谈会材料"]
TOPICS = ["客服礼仪与文明用语", "投诉处理流程", "消防安全知识", "报修派工系统使用",
          "装修管理规定", "突发事件应急处置"]

# slip lifecycles: each step is (status, result or None); times are filled in later
LIFECYCLES = [
    (8, []),
    (10, [("dispatched", None)]),
    (8, [("dispatched", None), ("in_progress", None)]),
    (10, [("dispatched", None), ("done", None)]),
    (10, [("dispatched", None), ("done", None), ("revisited", "satisfied")]),
    (40, [("dispatched", None), ("done", None), ("revisited", "satisfied"), ("closed", None)]),
    (6, [("in_progress", None), ("done", None), ("revisited", "satisfied"), ("closed", None)]),
    (4, [("dispatched", None), ("in_progress", None), ("done", None), ("revisited", "unsatisfied"),
         ("reopened", None), ("dispatched", None), ("done", None), ("revisited", "satisfied"),
         ("closed", None)]),
    (4, [("cancelled", None)]),
]
LIFECYCLE_WEIGHTS = [w for w, _ in LIFECYCLES]


def working_days(years: int) -> list[date]:
    end = date(START.year + years, START.month, START.day)
    days, day = [], START
    while day < end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def make_org(n_staff: int, rng: random.Random) -> dict:
    names = [(f"{s}-{g}", f"{sc}{gc}") for s, sc in SURNAMES for g, gc in GIVEN]
    rng.shuffle(names)
    staff = []
    for i in range(n_staff):
        slug, name = names[i % len(names)]
        if i >= len(names):
            slug, name = f"{slug}-{i // len(names) + 1}", f"{name}{i // len(names) + 1}"
        staff.append({"id": slug, "name": name})
    staff[0]["role"] = "supervisor"
    rest = staff[1:]
    n_front = max(1, len(rest) // 3) if len(rest) > 1 else 0
    for s in rest[:n_front]:
        s["role"] = "front_desk"
    managers = rest[n_front:]
    n_areas = max(1, (len(managers) + 1) // 2)
    area_ids = [chr(ord("A") + i) if i < 26 else f"Z{i}" for i in range(n_areas)]
    buildings_per_area = 5
    areas, buildings = [], []
    for i, a in enumerate(area_ids):
        ids = [str(i * buildings_per_area + j + 1) for j in range(buildings_per_area)]
        areas.append({"id": a, "name": f"{a}区", "buildings": ids})
        buildings += [{"id": b, "units": [str(u) for u in range(1, 4 + int(b) % 3)]} for b in ids]
    for i, s in enumerate(managers):
        s["role"] = "area_manager"
        s["area"] = area_ids[i % n_areas]
    return {"staff": staff, "areas": areas, "buildings": buildings}


def org_yaml(org: dict) -> str:
    out = ["# 基础资料（基准测试用合成数据，由 benchmarks/generate.py 生成）", "staff:"]
    for s in org["staff"]:
        area = f", area: {s['area']}" if "area" in s else ""
        out.append(f"  - {{id: {s['id']}, name: {s['name']}, role: {s['role']}{area}}}")
    out.append("departments:")
    out += [f"  - {{id: {d}, name: {n}}}" for d, n in DEPARTMENTS]
    out.append("areas:")
    for a in org["areas"]:
        ids = ", ".join(f'"{b}"' for b in a["buildings"])
        out.append(f"  - {{id: {a['id']}, name: {a['name']}, buildings: [{ids}]}}")
    out.append("buildings:")
    for b in org["buildings"]:
        units = ", ".join(f'"{u}"' for u in b["units"])
        out.append(f"  - {{id: \"{b['id']}\", units: [{units}]}}")
    return "\n".join(out) + "\n"


def fmt(t: datetime) -> str:
    return f"{t:%Y-%m-%d %H:%M}"


class Writer:
    """Writes files under OUTDIR, creating each directory once, and counts them."""

    def __init__(self, root: Path):
        self.root = root
        self.dirs: set[str] = set()
        self.counts = {"log": 0, "slip": 0, "minutes": 0}

    def write(self, kind: str, rel: str, content: str) -> None:
        folder = rel.rpartition("/")[0]
        if folder not in self.dirs:
            os.makedirs(self.root / folder, exist_ok=True)
            self.dirs.add(folder)
        with open(self.root / rel, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
        self.counts[kind] += 1


def slip_text(rng: random.Random, slip_id: str, opened: datetime, by: str, staff_ids: list[str],
              buildings: list[dict]) -> str:
    b = rng.choice(buildings)
    unit = f"{b['id']}-{rng.choice(b['units'])}-{rng.randint(1, 18)}0{rng.randint(1, 4)}"
    due = opened + timedelta(hours=rng.choice((4, 24, 48, 72)))
    lines = ["---", f"id: {slip_id}", f"opened: {fmt(opened)}", f"by: {by}",
             f"channel: {rng.choice(CHANNELS)}", f"category: {rng.choice(CATEGORIES)}",
             f"unit: {unit}", f"contact: {rng.choice(CONTACTS)} 13{rng.randint(100000000, 999999999)}",
             f"to: {rng.choice(DEPARTMENTS)[0]}", f"due: {fmt(due)}"]
    steps = rng.choices(LIFECYCLES, weights=LIFECYCLE_WEIGHTS)[0][1]
    if steps:
        lines.append("events:")
        at = opened
        for status, result in steps:
            at += timedelta(minutes=rng.choice((5, 30, 90, 240, 1200)))
            who = by if rng.random() < 0.7 else rng.choice(staff_ids)
            extra = f", result: {result}" if result else ""
            notes = NOTES.get(status)
            note = notes[result] if result else rng.choice(notes) if notes else None
            note = f", note: {note}" if note else ""
            lines.append(f"  - {{at: {fmt(at)}, by: {who}, status: {status}{extra}{note}}}")
    lines += ["---", rng.choice(PROBLEMS), ""]
    return "\n".join(lines)


def log_text(rng: random.Random, day: date, staff: dict, slips: list[str]) -> str:
    lines = ["---", f"date: {day.isoformat()}", f"staff: {staff['id']}"]
    if staff["role"] == "area_manager":
        lines += ["patrols:",
                  f"  - time: \"{rng.randint(8, 10):02d}:{rng.randint(0, 59):02d}\"",
                  f"    note: {rng.choice(PATROL_NOTES)}",
                  f"  - time: \"{rng.randint(14, 16):02d}:{rng.randint(0, 59):02d}\"",
                  f"    note: {rng.choice(PATROL_NOTES)}"]
    if slips:
        lines.append(f"slips: [{', '.join(slips)}]")
    done = rng.sample(DONE, 2)
    plans = rng.sample(PLANS, 2)
    lines += ["---", "## 今日完成情况", "", f"1. {done[0]}", f"2. {done[1]}", "",
              "## 次日工作计划", "", f"1. {plans[0]}", f"2. {plans[1]}", ""]
    return "\n".join(lines)


def minutes_text(rng: random.Random, kind: str, day: date, at: str, chair: str, others: list[str],
                 recent_slips: list[str], topic: str | None = None) -> str:
    absent = [p for p in others if rng.random() < 0.05]
    attendees = [p for p in others if p not in absent]
    lines = ["---", f"kind: {kind}", f"date: {day.isoformat()}", f"time: \"{at}\"", f"chair: {chair}",
             f"attendees: [{', '.join(attendees)}]", f"absent: [{', '.join(absent)}]"]
    if topic:
        lines.append(f"topic: {topic}")
    if kind != "morning" or rng.random() < 0.3:
        lines.append("actions:")
        for _ in range(rng.randint(1, 3)):
            due = day + timedelta(days=rng.randint(1, 14))
            slip = f", slip: {rng.choice(recent_slips)}" if recent_slips and rng.random() < 0.4 else ""
            lines.append(f"  - {{task: {rng.choice(TASKS)}, owner: {rng.choice(attendees or [chair])}, "
                         f"due: {due.isoformat()}{slip}}}")
    lines += ["---"] + [f"{i}. {m}" for i, m in enumerate(rng.sample(MEETING, 3), 1)] + [""]
    return "\n".join(lines)


def generate(outdir: Path, n_staff: int, years: int, seed: int, slips_per_day: int) -> dict:
    rng = random.Random(seed)
    org = make_org(n_staff, rng)
    w = Writer(outdir)
    w.write("minutes", "records/org.yml", org_yaml(org))
    w.counts["minutes"] -= 1  # org.yml is reference data, not a record
    supervisor = org["staff"][0]["id"]
    workers = org["staff"][1:]
    worker_ids = [s["id"] for s in workers]
    all_ids = [s["id"] for s in org["staff"]]
    days = working_days(years)
    recent_slips: list[str] = []
    month_seen: set[tuple[int, int]] = set()
    sample_log = None
    for day in days:
        # slips opened today, by workers (front desk and area managers)
        opened_by: dict[str, list[str]] = {}
        for _ in range(slips_per_day):
            by = rng.choice(worker_ids)
            mine = opened_by.setdefault(by, [])
            slip_id = f"S-{day:%Y%m%d}-{by}-{len(mine) + 1:02d}"
            mine.append(slip_id)
            opened = datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59))
            w.write("slip", f"records/slips/{day:%Y/%m}/{slip_id}.md",
                    slip_text(rng, slip_id, opened, by, all_ids, org["buildings"]))
        for s in workers:
            rel = f"records/logs/{day:%Y/%m}/{day.isoformat()}-{s['id']}.md"
            w.write("log", rel, log_text(rng, day, s, opened_by.get(s["id"], [])))
            sample_log = rel
        # minutes: morning daily, weekly on Friday, monthly on the month's first working day,
        # training on the first Wednesday after the 14th
        w.write("minutes", f"records/minutes/{day:%Y/%m}/{day.isoformat()}-morning.md",
                minutes_text(rng, "morning", day, "08:30", supervisor, worker_ids, recent_slips))
        if day.weekday() == 4:
            w.write("minutes", f"records/minutes/{day:%Y/%m}/{day.isoformat()}-weekly.md",
                    minutes_text(rng, "weekly", day, "16:00", supervisor, worker_ids, recent_slips))
        if (day.year, day.month) not in month_seen:
            month_seen.add((day.year, day.month))
            w.write("minutes", f"records/minutes/{day:%Y/%m}/{day.isoformat()}-monthly.md",
                    minutes_text(rng, "monthly", day, "14:00", supervisor, worker_ids, recent_slips))
        if day.weekday() == 2 and 15 <= day.day <= 21:
            w.write("minutes", f"records/minutes/{day:%Y/%m}/{day.isoformat()}-training.md",
                    minutes_text(rng, "training", day, "15:00", supervisor, worker_ids, recent_slips,
                                 topic=rng.choice(TOPICS)))
        recent_slips = [i for ids in opened_by.values() for i in ids] or recent_slips
    counts = dict(w.counts, total=sum(w.counts.values()))
    return {"staff": n_staff, "years": years, "seed": seed, "slips_per_day": slips_per_day,
            "generator": generator_hash(), "counts": counts, "working_days": len(days),
            "sample_log": sample_log}


def generator_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def prepare(outdir: Path) -> None:
    """Make OUTDIR empty, refusing to delete anything this script did not write."""
    if not outdir.exists():
        outdir.mkdir(parents=True)
        return
    entries = {p.name for p in outdir.iterdir()}
    if not entries:
        return
    if MANIFEST not in entries or not entries <= {MANIFEST, "records"}:
        sys.exit(f"{outdir} is not empty and not an earlier output of generate.py; refusing to overwrite")
    (outdir / MANIFEST).unlink()
    shutil.rmtree(outdir / "records", ignore_errors=True)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--staff", type=int, default=20, help="number of staff (default 20)")
    parser.add_argument("--years", type=int, default=5, help="years of working days (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--slips-per-day", type=int, default=18,
                        help="work slips opened per working day, department-wide (default 18)")
    args = parser.parse_args(argv)
    if args.staff < 2 or args.years < 1:
        parser.error("need --staff >= 2 and --years >= 1")
    started = time.perf_counter()
    prepare(args.outdir)
    manifest = generate(args.outdir, args.staff, args.years, args.seed, args.slips_per_day)
    (args.outdir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    c = manifest["counts"]
    print(f"wrote {c['total']} records ({c['log']} logs, {c['slip']} slips, {c['minutes']} minutes) "
          f"+ records/org.yml to {args.outdir} in {time.perf_counter() - started:.1f} s "
          f"({args.staff} staff, {args.years} years, {manifest['working_days']} working days, seed {args.seed})")
    return manifest


if __name__ == "__main__":
    main()
