import Link from 'next/link'
import { ProductCard } from './_components/product-card'
import { featuredProducts } from './_lib/catalog'

export const revalidate = 600

export default async function Home() {
  const products = await featuredProducts()
  return (
    <main>
      <h1>Acme Shop</h1>
      <p>Everything you'd expect — and then some.</p>
      {products.map((p) => <ProductCard key={p.id} product={p} />)}
      <Link href="/products">All products &rarr;</Link>
    </main>
  )
}
