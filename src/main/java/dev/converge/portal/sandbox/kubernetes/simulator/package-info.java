/**
 * The SIMULATED cluster of the sandbox, in the spirit of KWOK: no container, node or network exists. Everything here
 * talks to the sandbox's API server only through a fabric8 client, exactly as real cluster components would, and
 * plays their parts: the nodes ({@code NodeFleet}), kube-scheduler ({@code PodScheduler}), kubelets
 * ({@code SimulatedKubelet}: phases, container statuses, logs), deployment and replicaset controllers, the garbage
 * collector, event recording and metrics-server ({@code UsageModel}). {@link
 * dev.converge.portal.sandbox.kubernetes.simulator.ClusterSimulator} wires them onto informers and one
 * thread.
 */
package dev.converge.portal.sandbox.kubernetes.simulator;
