# A later device call on the same warm machine: waits for compare.py (started by run.sh) and returns its output.
for s in $(seq 1 ${COMPARE_WAIT:-500}); do [ -s /tmp/compare.json ] && break; sleep 1; done
cp /tmp/compare.json /tmp/compare.log $OUT/ 2>/dev/null; tail -20 /tmp/compare.log; cat /tmp/compare.json
