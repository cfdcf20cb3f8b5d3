#!/usr/bin/env python3
# Engine-level A/B of SQLite search (BENCHMARKS.md, "Second pass: a room scope in the index"):
# the SQL that SqliteSearchStore issued before schema version 9 (old index, schema 2-8) against
# the SQL it issues since (migration 9's index), same queries interleaved in one process, result
# counts asserted equal. Wall and CPU ms per query (median / p90 / p99) per SearchVocabulary kind.
#   bench/search-sql-ab.py OLD_DIR/parley.db NEW_DIR/parley.db benchcustomer 500
# With --rarest (BENCHMARKS.md, "Third pass: rarest trigrams first") both sides use one schema-9
# file: "old" MATCHes every term as a phrase (the SQL of schema 9's first release), "new" MATCHes
# the probes SqliteSearchTrigrams::plan chooses (fts5vocab counts, cached as the server does)
# and checks the terms whole on each candidate row, as SqliteSearchStore does since; the result
# lists (message
# ids in order) are asserted equal, not only their counts. The check here is Python's lower() +
# substring (exact for the seeded ASCII and CJK text; the server cuts both with FTS5's own
# trigram tokenizer) and a Python function call costs more than the server's C++ one.
#   bench/search-sql-ab.py --rarest DIR/parley.db benchstaff 500
# The query mix follows bench/SearchVocabulary.cpp (same words and kinds, Python's own random
# numbers). Read-only: both files are opened with mode=ro.
import random
import sqlite3
import sys
import time

SY = "ka lo mi ten ru sha vo pel dri na qua zo bex fi gar hu jet mor nix op plu ris sel tor".split()
CJK = "東京大阪配送注文確認返品交換支払請求書発送予定到着遅延"
def word(i):
    w="";j=i
    while True:
        w+=SY[j%24]; j//=24
        if j<=0: break
    return w+str(i%7)
def zipf(r,n=20000): return min(n-1,int(n**r.random())-1)
CJK="東京大阪配送注文確認返品交換支払請求書発送予定到着遅延"
def queries(seed,N):
    r=random.Random(seed); out=[]
    for n in range(N):
        k=n%5
        if k==0: out.append(("one",[word(zipf(r))]))
        elif k==1: out.append(("two",[word(zipf(r)),word(zipf(r))]))
        elif k==2: out.append(("partial",[word(zipf(r))[:4]]))
        elif k==3: a=r.randrange(len(CJK)-2); out.append(("cjk2",[CJK[a:a+2]]))
        else: a=r.randrange(len(CJK)-3); out.append(("cjk3",[CJK[a:a+3]]))
    return out
RAREST=sys.argv[1]=="--rarest"
if RAREST: sys.argv[1:2]=[sys.argv[2]]
old=sqlite3.connect("file:%s?mode=ro"%sys.argv[1],uri=True)
new=sqlite3.connect("file:%s?mode=ro"%sys.argv[2],uri=True)
who=sys.argv[3]; N=int(sys.argv[4])
if RAREST:
    new.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, messages_fts, row)")
    new.create_function("parley_search_contains",2,lambda c,t: 1 if c is not None and t.lower() in c.lower() else 0,deterministic=True)
DOCS={}
def docs(t):
    if t not in DOCS: r=new.execute("SELECT doc FROM temp.vocab WHERE term = ?",(t,)).fetchone(); DOCS[t]=r[0] if r else 0
    return DOCS[t]
NTOT=new.execute("SELECT max(rowid) FROM messages").fetchone()[0]
READ_US=0.07; CHECK_US=3.0 # SqliteSearchStoreTrigrams.cpp's cost model
def plan(terms,scope_docs): # SqliteSearchTrigrams::plan: (phrases, probes, checked terms)
    pooled_from=1 if len(terms)>1 else 3
    pool=[]; phrases=[]; checked=[]
    for n,t in enumerate(terms):
        tri=[t.lower()[i:i+3] for i in range(len(t)-2)]
        if len(tri)<pooled_from: phrases.append(t); continue
        pool+=[(docs(x),i,n,x) for i,x in enumerate(tri)]; checked.append(t)
    pool.sort(); est=scope_docs; chosen=[]
    for c,i,n,x in pool:
        if any(cn==n and (cx==x or abs(ci-i)<3) for cc,ci,cn,cx in chosen): continue
        share=min(1.0,c/max(NTOT,1))
        if chosen and CHECK_US*est*(1-share)<=READ_US*c: continue
        chosen.append((c,i,n,x)); est*=share
    return phrases,[x for c,i,n,x in chosen],checked
uid=new.execute("select id from users where username=?",(who,)).fetchone()[0]
staff=new.execute("select role from users where id=?",(uid,)).fetchone()[0]!="customer"
COLS="m.id, m.room_id, m.seq, m.client_id, m.sender_id, u.username, u.display_name, u.role, m.type, m.content, m.metadata, m.reply_to, m.created_at, m.edited_at, m.deleted, a.id, a.name, a.mime, a.size, a.width, a.height, a.thumbnail_mime"
J=" LEFT JOIN users u ON u.id = m.sender_id LEFT JOIN attachments a ON a.id = m.attachment_id"
MEM="" if staff else " AND m.room_id IN (SELECT room_id FROM room_members WHERE user_id = ?)"
def q(t): return '"'+t+'"'
def run_old(ts):
    long=[t for t in ts if len(t)>=3]; short=[t for t in ts if len(t)<3]; b=[]
    if long: sql="SELECT "+COLS+", f.rowid FROM messages_fts f JOIN messages m ON m.rowid = f.rowid"+J+" WHERE messages_fts MATCH ?"; b.append(" ".join(q(t) for t in long)); pos="f.rowid"
    else: sql="SELECT "+COLS+", m.rowid FROM messages m"+J+" WHERE m.type <> 'system'"; pos="m.rowid"
    sql+=" AND m.deleted = 0"+"".join(" AND m.content LIKE ?" for t in short)+MEM+" ORDER BY "+pos+" DESC LIMIT 20"
    b+=['%'+t+'%' for t in short]+([] if staff else [uid])
    return old.execute(sql,b).fetchall()
def run_new(ts):
    long=[t for t in ts if len(t)>=3]; short=[t for t in ts if len(t)<3]; m=[]; b=[]
    if not staff:
        sc2=[r for (r,) in new.execute("SELECT (SELECT char(57344 + r.rowid % 4096, 57344 + r.rowid / 4096 % 4096, 57344 + r.rowid / 16777216 % 4096) FROM rooms r WHERE r.id = rm.room_id) FROM room_members rm WHERE rm.user_id = ? LIMIT 101",(uid,))]
    checked=[]
    if long:
        if RAREST and run_new.rarest:
            phrases,probes,checked=plan(long,NTOT if staff else sum(docs(t) for t in sc2))
            strings=[q(t) for t in phrases+probes]
        else: strings=[q(t) for t in long]
        m.append("content : ("+" ".join(strings)+")")
    if not staff: m.append("scope : ("+" OR ".join(q(t) for t in sc2)+")")
    if m: sql="SELECT "+COLS+", f.rowid FROM messages_fts f JOIN messages m ON m.rowid = f.rowid"+J+" WHERE messages_fts MATCH ?"; b.append(" AND ".join(m)); order="f.rowid DESC"
    else: sql="SELECT "+COLS+", m.rowid FROM messages m"+J+" WHERE m.type <> 'system'"; order="m.rowid DESC"
    sql+=" AND m.deleted = 0"+"".join(" AND parley_search_contains(m.content, ?)" for t in checked)+"".join(" AND m.content LIKE ?" for t in short)+MEM+" ORDER BY "+order+" LIMIT 20"
    b+=checked+['%'+t+'%' for t in short]+([] if staff else [uid])
    return new.execute(sql,b).fetchall()
run_new.rarest=True
if RAREST:
    def run_old(ts):
        run_new.rarest=False
        try: return run_new(ts)
        finally: run_new.rarest=True
    old=new
Q=queries(7,N); R={}; LAST={}
for kind,ts in Q[:50]: run_old(ts); run_new(ts)
if RAREST: # steady state: the server's count cache holds every trigram after some traffic
    c0=time.process_time(); [docs(t[i:i+3].lower()) for kind,ts in Q for t in ts for i in range(len(t)-2)]
    print("counting %d trigrams (once, cached): %.0f ms CPU"%(len(DOCS),(time.process_time()-c0)*1000))
for kind,ts in Q:
    for name,f in (("old",run_old),("new",run_new)):
        c0=time.process_time(); t0=time.perf_counter(); rows=f(ts); dt=(time.perf_counter()-t0)*1000; dc=(time.process_time()-c0)*1000
        LAST[name]=[r[0] for r in rows]
        R.setdefault((kind,name),[]).append((dt,dc,len(rows)))
    o=R[(kind,"old")][-1][2]; n=R[(kind,"new")][-1][2]
    assert o==n,(ts,o,n)
    if RAREST: assert LAST["old"]==LAST["new"],ts
def st(v,i):
    d=sorted(x[i] for x in v); return "%.1f/%.1f/%.1f"%(d[len(d)//2],d[int(len(d)*.9)],d[min(len(d)-1,int(len(d)*.99))])
allk={"old":[],"new":[]}
print(who,"kind: wall med/p90/p99 old -> new | cpu med/p90/p99 old -> new")
for kind in ("one","two","partial","cjk3","cjk2"):
    o=R[(kind,"old")]; n=R[(kind,"new")]; allk["old"]+=o; allk["new"]+=n
    print(kind, st(o,0),"->",st(n,0),"| cpu",st(o,1),"->",st(n,1))
print("all", st(allk["old"],0),"->",st(allk["new"],0),"| cpu",st(allk["old"],1),"->",st(allk["new"],1))
print(len(Q),"queries, result counts equal"+(" and result lists (ids in order) equal" if RAREST else ""))
