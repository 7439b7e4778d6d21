import { featuredProducts } from '../../_lib/catalog'

export default async function Products() {
  const products = await featuredProducts()
  return <ul>{products.map((p) => <li key={p.id}>{p.name}</li>)}</ul>
}
