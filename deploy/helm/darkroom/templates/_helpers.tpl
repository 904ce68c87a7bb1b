{{/* Names, labels and the pieces every workload shares. */}}

{{- define "darkroom.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "darkroom.labels" -}}
app.kubernetes.io/part-of: darkroom
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* selector labels of one component: (dict "ctx" $ "component" "process-service") */}}
{{- define "darkroom.selector" -}}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/name: {{ .component }}
{{- end -}}

{{- define "darkroom.image" -}}
{{- $img := .ctx.Values.image -}}
{{- if $img.registry -}}
{{- printf "%s/%s:%s" $img.registry .repository $img.tag -}}
{{- else -}}
{{- printf "%s:%s" .repository $img.tag -}}
{{- end -}}
{{- end -}}

{{- define "darkroom.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "darkroom.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "darkroom.configName" -}}{{ include "darkroom.fullname" . }}-config{{- end -}}
{{- define "darkroom.claimName" -}}{{ default (printf "%s-shared" (include "darkroom.fullname" .)) .Values.storage.existingClaim }}{{- end -}}
{{- define "darkroom.kafkaClusterName" -}}{{ include "darkroom.fullname" . }}-kafka{{- end -}}
{{- define "darkroom.pgClusterName" -}}{{ include "darkroom.fullname" . }}-pg{{- end -}}

{{- define "darkroom.kafkaBootstrap" -}}
{{- if .Values.strimzi.enabled -}}
{{- printf "%s-kafka-bootstrap:9094" (include "darkroom.kafkaClusterName" .) -}}
{{- else -}}
{{- required "kafka.bootstrapServers is required (or strimzi.enabled=true)" .Values.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{/*
The Secret with the brokers' CA (key ca.crt, PEM) the services trust, or "" when they use the JVM's trust store or
no TLS: Strimzi's cluster CA with strimzi.tls, kafka.caSecret for an external Kafka over SASL_SSL.
*/}}
{{- define "darkroom.kafkaCaSecret" -}}
{{- if .Values.strimzi.enabled -}}
{{- if .Values.strimzi.tls -}}{{ include "darkroom.kafkaClusterName" . }}-cluster-ca-cert{{- end -}}
{{- else if and (eq .Values.kafka.security "sasl") (eq .Values.kafka.securityProtocol "SASL_SSL") -}}
{{- .Values.kafka.caSecret -}}
{{- end -}}
{{- end -}}

{{/*
Kafka client security of one service, as the standard client properties under kafka. (env): its own principal's
JAAS line from its own Secret, never another service's. (dict "ctx" $ "service" "ingest"|"process"|"worker")
*/}}
{{- define "darkroom.kafkaEnv" -}}
{{- $v := .ctx.Values -}}
{{- $ca := include "darkroom.kafkaCaSecret" .ctx -}}
{{- if $v.strimzi.enabled -}}
{{- if eq $v.kafka.security "none" -}}
{{- fail "kafka.security=none is for an external Kafka only: the Strimzi cluster the chart declares has a SCRAM listener only" -}}
{{- end }}
- {name: KAFKA_SECURITY_PROTOCOL, value: {{ ternary "SASL_SSL" "SASL_PLAINTEXT" $v.strimzi.tls | quote }}}
- {name: KAFKA_SASL_MECHANISM, value: SCRAM-SHA-512}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef: {name: {{ index $v.strimzi.users .service }}, key: sasl.jaas.config}
{{- else if eq $v.kafka.security "none" }}
# kafka.security=none: INSECURE, no credentials
- {name: KAFKA_SECURITY_PROTOCOL, value: PLAINTEXT}
{{- else }}
{{- $secret := index $v.kafka .service "existingSecret" }}
- {name: KAFKA_SECURITY_PROTOCOL, value: {{ $v.kafka.securityProtocol | quote }}}
- {name: KAFKA_SASL_MECHANISM, value: {{ $v.kafka.saslMechanism | quote }}}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef: {name: {{ required (printf "kafka.%s.existingSecret is required: a Secret with key sasl.jaas.config for the Kafka principal of %s (or strimzi.enabled=true; kafka.security=none connects without credentials, insecure)" .service .service) $secret }}, key: sasl.jaas.config}
{{- end }}
{{- if $ca }}
- {name: KAFKA_SSL_TRUSTSTORE_TYPE, value: PEM}
- {name: KAFKA_SSL_TRUSTSTORE_LOCATION, value: /etc/darkroom/kafka-ca/ca.crt}
{{- end }}
{{- end -}}

{{/* The Secret holding the database username and password (keys username, password). */}}
{{- define "darkroom.dbSecretName" -}}
{{- if .Values.cnpg.enabled -}}
{{- printf "%s-app" (include "darkroom.pgClusterName" .) -}}
{{- else if .Values.database.existingSecret -}}
{{- .Values.database.existingSecret -}}
{{- else -}}
{{- printf "%s-db" (include "darkroom.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "darkroom.jdbcUrl" -}}
{{- if .Values.cnpg.enabled -}}
{{- printf "jdbc:postgresql://%s-rw:5432/%s" (include "darkroom.pgClusterName" .) .Values.cnpg.database -}}
{{- else -}}
{{- required "database.jdbcUrl is required (or cnpg.enabled=true)" .Values.database.jdbcUrl -}}
{{- end -}}
{{- end -}}

{{/* The restricted Pod Security Standard, pod level. */}}
{{- define "darkroom.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1001
runAsGroup: 1001
fsGroup: 1001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The restricted Pod Security Standard, container level. */}}
{{- define "darkroom.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "darkroom.probes" -}}
startupProbe:
  httpGet: {path: /q/health/started, port: http}
  periodSeconds: 5
  failureThreshold: 60
readinessProbe:
  httpGet: {path: /q/health/ready, port: http}
  periodSeconds: 5
livenessProbe:
  httpGet: {path: /q/health/live, port: http}
  periodSeconds: 10
  failureThreshold: 6
{{- end -}}

{{- define "darkroom.volumeMounts" -}}
- name: shared
  mountPath: {{ .Values.storage.mountPath }}
- name: tmp
  mountPath: /tmp
{{- if include "darkroom.kafkaCaSecret" . }}
- {name: kafka-ca, mountPath: /etc/darkroom/kafka-ca, readOnly: true}
{{- end }}
{{- end -}}

{{- define "darkroom.volumes" -}}
- name: shared
  persistentVolumeClaim:
    claimName: {{ include "darkroom.claimName" . }}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- with include "darkroom.kafkaCaSecret" . }}
# the brokers' CA certificate (public)
- name: kafka-ca
  secret:
    secretName: {{ . }}
    items:
      - {key: ca.crt, path: ca.crt}
{{- end }}
{{- end -}}

{{- define "darkroom.podSpecCommon" -}}
serviceAccountName: {{ include "darkroom.serviceAccountName" . }}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  {{- include "darkroom.podSecurityContext" . | nindent 2 }}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* the component name label alone, beside darkroom.labels (which has the instance label) */}}
{{- define "darkroom.nameLabel" -}}
app.kubernetes.io/name: {{ .component }}
{{- end -}}

{{/* The Secret holding the token key pair, the provenance key and the optional web session key. */}}
{{- define "darkroom.keysSecretName" -}}
{{- default (printf "%s-keys" (include "darkroom.fullname" .)) .Values.security.existingSecret -}}
{{- end -}}

{{/* Every service checks tokens and signed commands with the site's token public key. */}}
{{- define "darkroom.publicKeyEnv" -}}
- name: DARKROOM_SECURITY_PUBLIC_KEY
  valueFrom:
    secretKeyRef: {name: {{ include "darkroom.keysSecretName" . }}, key: token-public}
{{- end -}}
