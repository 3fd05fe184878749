// Hive Gateway's configuration, found in the directory it starts in (`npm run
// gateway`, the docker-compose `gateway` service) or given with --config-path (the
// supergraph test).
//
// Demand control: the gateway estimates each fetch from the cost directives tenure
// publishes in its subgraph SDL (`@listSize` on every list and connection, `@cost` on
// the scans of `secretaries`), which composition keeps in the supergraph, and refuses
// with COST_ESTIMATED_TOO_EXPENSIVE, before sending anything to tenure, a request
// whose fetches together are estimated above `maxCost`. Objects cost 1 and scalars 0,
// times the sizes of the lists around them. 5000 is tenure's own `--max-cost`
// default: the headline query is estimated far below it, a fan-out such as
// `{ offices { holders { terms { office { holders { name } } } } } }` at 44 210.
// tenure still checks every request the gateway does send on its served data's real
// sizes.

/** @type {import('@graphql-hive/gateway').GatewayConfig} */
export const gatewayConfig = {
  demandControl: {
    maxCost: 5000,
  },
};
