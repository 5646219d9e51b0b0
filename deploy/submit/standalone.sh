#!/usr/bin/env bash
# spark-submit recipe for a Spark standalone cluster. Usage: submit/standalone.sh COMMAND [OPTIONS]
#   e.g. deploy/submit/standalone.sh train --store hdfs://namenode:8020/autoencoded --film-id blade_runner
# deploy/bin/autoencoded --master spark://HOST:7077 does the same; this script shows every flag explicitly.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/local-cluster/java17-opens.sh"
opens="${JAVA17_OPENS[*]}"
exec "${SPARK_HOME:?set SPARK_HOME}/bin/spark-submit" \
  --master "${SPARK_MASTER:?set SPARK_MASTER=spark://host:7077}" \
  --deploy-mode client \
  --class io.autoencoded.deploy.Autoencoded \
  --executor-memory 8g --conf spark.executor.memoryOverhead=6g \
  --executor-cores 4 --total-executor-cores "${TOTAL_CORES:-16}" \
  --conf spark.executorEnv.OMP_NUM_THREADS=4 \
  --conf "spark.driver.extraJavaOptions=$opens" --conf "spark.executor.extraJavaOptions=$opens" \
  "$here/target/autoencoded-cluster.jar" "$@" --conf "$here/../conf/cluster.conf"
