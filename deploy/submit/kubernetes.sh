#!/usr/bin/env bash
# spark-submit recipe for Kubernetes, with the image built from deploy/docker/Dockerfile.
# Usage: IMAGE=registry/autoencoded:0.1.0 K8S_API=https://host:6443 submit/kubernetes.sh COMMAND [OPTIONS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/local-cluster/java17-opens.sh"
opens="${JAVA17_OPENS[*]}"
exec "${SPARK_HOME:?set SPARK_HOME}/bin/spark-submit" \
  --master "k8s://${K8S_API:?set K8S_API}" --deploy-mode cluster \
  --name autoencoded \
  --class io.autoencoded.deploy.Autoencoded \
  --conf spark.kubernetes.container.image="${IMAGE:?set IMAGE}" \
  --conf spark.kubernetes.namespace="${NAMESPACE:-autoencoded}" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="${SERVICE_ACCOUNT:-spark}" \
  --conf spark.executor.instances="${EXECUTORS:-4}" \
  --conf spark.executor.cores=4 --conf spark.executor.memory=8g --conf spark.executor.memoryOverhead=6g \
  --conf spark.executorEnv.OMP_NUM_THREADS=4 \
  --conf "spark.driver.extraJavaOptions=$opens" --conf "spark.executor.extraJavaOptions=$opens" \
  local:///opt/autoencoded/autoencoded-cluster.jar "$@" --conf /opt/autoencoded/conf/cluster.conf
