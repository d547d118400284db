handbookSearchLoaded("terms/pa",{"page":[14,54],"part":[2,1],"path":[2,50],"paths":[1,50]});
