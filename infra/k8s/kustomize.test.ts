import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

// Renders the manifests with `kubectl kustomize` (.ci/run installs Debian's kubernetes-client,
// kustomize v2.0.3, when kubectl is absent; newer ones render the same) and checks the rules a
// production deployment relies on, on the parsed objects.
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  livenessProbe?: { httpGet?: { path: string; port: string } };
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    privileged?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  terminationGracePeriodSeconds?: number;
  volumes?: { name: string }[];
}
interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: each kind's spec is read by the test for that kind
  spec: any;
  data?: Record<string, string>;
}

async function render(directory: string): Promise<KubernetesObject[]> {
  const { stdout } = await promisify(execFile)('kubectl', ['kustomize', directory], { cwd: repositoryRoot }).catch(
    (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error('kubectl is not installed: `apt-get install kubernetes-client` (Debian), as .ci/run does.');
      throw error;
    },
  );
  return parseAllDocuments(stdout).map((document) => document.toJSON() as KubernetesObject);
}

const matches = (selector: Record<string, string>, labels: Record<string, string> | undefined) =>
  Object.entries(selector).every(([key, value]) => labels?.[key] === value);

describe.each(['infra/k8s', 'infra/k8s/overlays/production'])('kubectl kustomize %s', (directory) => {
  let objects: KubernetesObject[];
  const find = (kind: string, name: string) => {
    const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
    if (!found)
      throw new Error(`no ${kind} ${name} in ${objects.map((object) => `${object.kind}/${object.metadata.name}`).join(', ')}`);
    return found;
  };
  const podSpec = (object: KubernetesObject) => object.spec.template.spec as PodSpec;
  const workloads = () => objects.filter((object) => object.kind === 'Deployment' || object.kind === 'Job');

  beforeAll(async () => {
    objects = await render(directory);
  });

  it('has the gateway, the worker, the migration Job, their Services and the monitors, in one namespace', () => {
    for (const [kind, name] of [
      ['Deployment', 'switchboard-gateway'],
      ['Deployment', 'switchboard-worker'],
      ['Job', 'switchboard-migrate'],
      ['Service', 'switchboard-gateway'],
      ['Service', 'switchboard-worker'],
      ['PodDisruptionBudget', 'switchboard-gateway'],
      ['HorizontalPodAutoscaler', 'switchboard-gateway'],
      ['ServiceMonitor', 'switchboard-gateway'],
      ['ServiceMonitor', 'switchboard-worker'],
    ])
      find(kind!, name!);
    for (const object of objects) expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe('switchboard');
  });

  it('runs every container as non-root, read-only, without privilege escalation or capabilities, with resources', () => {
    expect(workloads().length).toBe(3);
    for (const workload of workloads()) {
      const spec = podSpec(workload);
      expect(spec.securityContext?.runAsNonRoot, workload.metadata.name).toBe(true);
      expect(spec.securityContext?.runAsUser).not.toBe(0);
      for (const container of spec.containers) {
        const where = `${workload.metadata.name}/${container.name}`;
        expect(container.securityContext?.allowPrivilegeEscalation, where).toBe(false);
        expect(container.securityContext?.readOnlyRootFilesystem, where).toBe(true);
        expect(container.securityContext?.privileged ?? false, where).toBe(false);
        expect(container.securityContext?.capabilities?.drop, where).toContain('ALL');
        expect(container.resources?.requests?.cpu, where).toBeDefined();
        expect(container.resources?.requests?.memory, where).toBeDefined();
        expect(container.resources?.limits?.memory, where).toBeDefined();
        // A read-only root needs writable mounts for what the process writes, each a declared volume.
        for (const mount of container.volumeMounts ?? [])
          expect(
            spec.volumes?.map((volume) => volume.name),
            where,
          ).toContain(mount.name);
      }
    }
    const gateway = podSpec(find('Deployment', 'switchboard-gateway')).containers[0]!;
    const dataDirectory = gateway.env?.find((variable) => variable.name === 'DATA_DIR')?.value;
    expect(gateway.volumeMounts?.map((mount) => mount.mountPath)).toEqual(expect.arrayContaining([dataDirectory, '/tmp']));
  });

  it('probes the gateway for readiness on /readyz and liveness on /healthz, on a port it declares', () => {
    const gateway = podSpec(find('Deployment', 'switchboard-gateway')).containers[0]!;
    const portNames = gateway.ports?.map((port) => port.name);
    expect(gateway.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(gateway.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(portNames).toContain(gateway.readinessProbe?.httpGet?.port);
    expect(portNames).toContain(gateway.livenessProbe?.httpGet?.port);
    const worker = podSpec(find('Deployment', 'switchboard-worker')).containers[0]!;
    expect(worker.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(worker.ports?.map((port) => port.name)).toContain(worker.livenessProbe?.httpGet?.port);
  });

  it('gives a stopping gateway its preStop pause, its drain grace and the flush before the kill', () => {
    const deployment = podSpec(find('Deployment', 'switchboard-gateway'));
    const gateway = deployment.containers[0]!;
    const configMaps = gateway.envFrom?.map((source) => source.configMapRef?.name) ?? [];
    const settings = Object.assign(
      {},
      ...objects
        .filter((object) => object.kind === 'ConfigMap' && configMaps.includes(object.metadata.name))
        .map((object) => object.data),
    ) as Record<string, string>;
    const graceSeconds =
      Number(gateway.env?.find((variable) => variable.name === 'SHUTDOWN_GRACE_MS')?.value ?? settings.SHUTDOWN_GRACE_MS) / 1000;
    expect(graceSeconds).toBeGreaterThan(0);
    const preStop = gateway.lifecycle?.preStop?.exec?.command ?? [];
    const pauseSeconds = preStop[0] === 'sleep' ? Number(preStop[1]) : 0;
    expect(deployment.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(pauseSeconds + graceSeconds + 10);
    // The image's exec-form CMD runs node: no command override puts a shell or npm in front.
    expect(gateway.command).toBeUndefined();
  });

  it('reads the KEK and the database URL from a Secret and commits no secret value', () => {
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    const secretReference = (container: Container, name: string) =>
      container.env?.find((variable) => variable.name === name)?.valueFrom?.secretKeyRef;
    const gateway = podSpec(find('Deployment', 'switchboard-gateway')).containers[0]!;
    expect(secretReference(gateway, 'VAULT_KEK')).toEqual({ name: 'switchboard', key: 'vault-kek' });
    expect(secretReference(gateway, 'DATABASE_URL')).toEqual({ name: 'switchboard', key: 'database-url' });
    for (const workload of [find('Deployment', 'switchboard-worker'), find('Job', 'switchboard-migrate')])
      expect(secretReference(podSpec(workload).containers[0]!, 'DATABASE_URL'), workload.metadata.name).toEqual({
        name: 'switchboard',
        key: 'database-url',
      });
    for (const workload of workloads())
      for (const container of podSpec(workload).containers)
        for (const variable of container.env ?? [])
          if (/KEK|TOKEN|PASSWORD|SECRET|API_KEY|_URL$/.test(variable.name))
            expect(variable.value, `${workload.metadata.name} ${variable.name} is a literal`).toBeUndefined();
    for (const configMap of objects.filter((object) => object.kind === 'ConfigMap'))
      for (const key of Object.keys(configMap.data ?? {})) expect(key).not.toMatch(/KEK|TOKEN|PASSWORD|SECRET|API_KEY|_URL$/);
  });

  it('keeps gateways available through disruptions and scales them from two', () => {
    const deployment = find('Deployment', 'switchboard-gateway');
    const podLabels = deployment.spec.template.metadata.labels as Record<string, string>;
    const budget = find('PodDisruptionBudget', 'switchboard-gateway');
    expect(matches(budget.spec.selector.matchLabels, podLabels)).toBe(true);
    expect(budget.spec.maxUnavailable ?? 0).toBeLessThanOrEqual(1);
    const autoscaler = find('HorizontalPodAutoscaler', 'switchboard-gateway');
    expect(autoscaler.apiVersion).toBe('autoscaling/v2');
    expect(autoscaler.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'switchboard-gateway' });
    expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(autoscaler.spec.maxReplicas).toBeGreaterThan(autoscaler.spec.minReplicas);
    // The autoscaler owns the count; a replicas field would reset it at every apply.
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    // The resource the autoscaler measures has a request to measure against.
    expect(podSpec(deployment).containers[0]!.resources?.requests?.cpu).toBeDefined();
  });

  it('routes the Services to declared ports and scrapes every gateway and worker pod', () => {
    for (const component of ['gateway', 'worker']) {
      const name = `switchboard-${component}`;
      const deployment = find('Deployment', name);
      const service = find('Service', name);
      const podLabels = deployment.spec.template.metadata.labels as Record<string, string>;
      expect(matches(service.spec.selector, podLabels), name).toBe(true);
      const containerPorts = podSpec(deployment).containers[0]!.ports?.map((port) => port.name);
      for (const port of service.spec.ports as { name: string; targetPort: string }[])
        expect(containerPorts).toContain(port.targetPort);
      const monitor = find('ServiceMonitor', name);
      expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(matches(monitor.spec.selector.matchLabels, service.metadata.labels), name).toBe(true);
      const servicePorts = (service.spec.ports as { name: string }[]).map((port) => port.name);
      for (const endpoint of monitor.spec.endpoints as { port: string; path: string }[]) {
        expect(servicePorts).toContain(endpoint.port);
        expect(endpoint.path).toBe('/metrics');
      }
    }
    // The gateway's metrics are on METRICS_PORT, which is the port its monitor scrapes.
    const gateway = podSpec(find('Deployment', 'switchboard-gateway')).containers[0]!;
    const metricsPort = Number(gateway.env?.find((variable) => variable.name === 'METRICS_PORT')?.value);
    const monitored = (find('ServiceMonitor', 'switchboard-gateway').spec.endpoints as { port: string }[])[0]!.port;
    const servicePort = (find('Service', 'switchboard-gateway').spec.ports as { name: string; targetPort: string }[]).find(
      (port) => port.name === monitored,
    )!;
    expect(gateway.ports?.find((port) => port.name === servicePort.targetPort)?.containerPort).toBe(metricsPort);
  });

  it('migrates with the gateway image before the rollout, once', () => {
    const job = find('Job', 'switchboard-migrate');
    const container = podSpec(job).containers[0]!;
    expect(container.command).toEqual(['node', '--enable-source-maps', 'dist/migrate.mjs']);
    expect(container.image).toBe(podSpec(find('Deployment', 'switchboard-gateway')).containers[0]!.image);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.backoffLimit).toBeGreaterThan(0);
  });

  if (directory.includes('overlays')) {
    it('pins every image to a registry and a tag', () => {
      for (const workload of workloads())
        for (const container of podSpec(workload).containers)
          expect(container.image).toMatch(/^[^/]+\.[^/]+\/.+:(?!latest$)[\w.-]+$/);
    });
  }
});
