#!/usr/bin/env bash
# spark-submit recipe for YARN (HADOOP_CONF_DIR must point at the cluster's config; Kerberos: see
# deploy/README.md). Usage: submit/yarn.sh COMMAND [OPTIONS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/local-cluster/java17-opens.sh"
opens="${JAVA17_OPENS[*]}"
: "${HADOOP_CONF_DIR:?set HADOOP_CONF_DIR to the cluster configuration}"
exec "${SPARK_HOME:?set SPARK_HOME}/bin/spark-submit" \
  --master yarn --deploy-mode "${DEPLOY_MODE:-client}" \
  --class io.autoencoded.deploy.Autoencoded \
  --num-executors "${EXECUTORS:-4}" --executor-cores 4 --executor-memory 8g \
  --conf spark.executor.memoryOverhead=6g \
  --conf spark.executorEnv.OMP_NUM_THREADS=4 \
  --conf "spark.driver.extraJavaOptions=$opens" --conf "spark.executor.extraJavaOptions=$opens" \
  --files "$here/../conf/cluster.conf" \
  "$here/target/autoencoded-cluster.jar" "$@" --conf cluster.conf
