handbookSearchLoaded("terms/sk",{"skills":[4,50]});
