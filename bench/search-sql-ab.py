#!/usr/bin/env python3
# Engine-level A/B of SQLite search (BENCHMARKS.md, "Second pass: a room scope in the index"):
# the SQL that SqliteSearchStore issued before schema version 9 (old index, schema 2-8) against
# the SQL it issues since (migration 9's index), same queries interleaved in one process, result
# counts asserted equal. Wall and CPU ms per query (median / p90 / p99) per SearchVocabulary kind.
#   bench/search-sql-ab.py OLD_DIR/parley.db NEW_DIR/parley.db benchcustomer 500
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
old=sqlite3.connect("file:%s?mode=ro"%sys.argv[1],uri=True)
new=sqlite3.connect("file:%s?mode=ro"%sys.argv[2],uri=True)
who=sys.argv[3]; N=int(sys.argv[4])
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
    if long: m.append("content : ("+" ".join(q(t) for t in long)+")")
    if not staff: m.append("scope : ("+" OR ".join(q(t) for t in sc2)+")")
    if m: sql="SELECT "+COLS+", f.rowid FROM messages_fts f JOIN messages m ON m.rowid = f.rowid"+J+" WHERE messages_fts MATCH ?"; b.append(" AND ".join(m)); order="f.rowid DESC"
    else: sql="SELECT "+COLS+", m.rowid FROM messages m"+J+" WHERE m.type <> 'system'"; order="m.rowid DESC"
    sql+=" AND m.deleted = 0"+"".join(" AND m.content LIKE ?" for t in short)+MEM+" ORDER BY "+order+" LIMIT 20"
    b+=['%'+t+'%' for t in short]+([] if staff else [uid])
    return new.execute(sql,b).fetchall()
Q=queries(7,N); R={}
for kind,ts in Q[:50]: run_old(ts); run_new(ts)
for kind,ts in Q:
    for name,f in (("old",run_old),("new",run_new)):
        c0=time.process_time(); t0=time.perf_counter(); rows=f(ts); dt=(time.perf_counter()-t0)*1000; dc=(time.process_time()-c0)*1000
        R.setdefault((kind,name),[]).append((dt,dc,len(rows)))
    o=R[(kind,"old")][-1][2]; n=R[(kind,"new")][-1][2]
    assert o==n,(ts,o,n)
def st(v,i):
    d=sorted(x[i] for x in v); return "%.1f/%.1f/%.1f"%(d[len(d)//2],d[int(len(d)*.9)],d[min(len(d)-1,int(len(d)*.99))])
allk={"old":[],"new":[]}
print(who,"kind: wall med/p90/p99 old -> new | cpu med/p90/p99 old -> new")
for kind in ("one","two","partial","cjk3","cjk2"):
    o=R[(kind,"old")]; n=R[(kind,"new")]; allk["old"]+=o; allk["new"]+=n
    print(kind, st(o,0),"->",st(n,0),"| cpu",st(o,1),"->",st(n,1))
print("all", st(allk["old"],0),"->",st(allk["new"],0),"| cpu",st(allk["old"],1),"->",st(allk["new"],1))
